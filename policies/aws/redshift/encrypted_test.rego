package vigil.aws.redshift.encrypted_test

import data.vigil.aws.redshift.encrypted

res(attrs, unknown) := {"by_type": {"aws.redshift.cluster": [{"id": "res.id", "type": "aws.redshift.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_encrypted_passes if {
	inp := res({"encrypted": true}, [])
	count(encrypted.deny) == 0 with input as inp
	count(encrypted.unknown) == 0 with input as inp
}

test_unencrypted_fails if {
	denies := encrypted.deny with input as res({"encrypted": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "Redshift cluster \"res\" is not encrypted at rest"
	d.evidence == {"encrypted": false}
}

test_not_set_fails_with_the_reason if {
	denies := encrypted.deny with input as res({"encrypted": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "Redshift cluster \"res\" does not set encrypted = true (AWS provider versions before 6 create it unencrypted)"
	count(encrypted.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"encrypted": null}, ["encrypted"])
	count(encrypted.deny) == 0 with input as inp
	unknowns := encrypted.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["encrypted"]
}
