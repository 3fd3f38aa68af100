package vigil.aws.redshift.public_test

import data.vigil.aws.redshift.public

res(attrs, unknown) := {"by_type": {"aws.redshift.cluster": [{"id": "res.id", "type": "aws.redshift.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_private_passes if {
	inp := res({"publicly_accessible": false}, [])
	count(public.deny) == 0 with input as inp
	count(public.unknown) == 0 with input as inp
}

test_public_fails if {
	denies := public.deny with input as res({"publicly_accessible": true}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "Redshift cluster \"res\" is publicly accessible"
	d.evidence == {"publicly_accessible": true}
}

test_not_set_fails_with_the_reason if {
	denies := public.deny with input as res({"publicly_accessible": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "Redshift cluster \"res\" does not set publicly_accessible = false (AWS provider versions before 6 make it public)"
}

test_unknown_is_unknown if {
	inp := res({"publicly_accessible": null}, ["publicly_accessible"])
	count(public.deny) == 0 with input as inp
	unknowns := public.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["publicly_accessible"]
}
