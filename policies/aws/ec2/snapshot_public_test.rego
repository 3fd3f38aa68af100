package vigil.aws.ec2.snapshot_public_test

import data.vigil.aws.ec2.snapshot_public

res(attrs, unknown) := {"by_type": {"aws.ec2.snapshot": [{"id": "res.id", "type": "aws.ec2.snapshot", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"public": false}, [])
	count(snapshot_public.deny) == 0 with input as inp
	count(snapshot_public.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := snapshot_public.deny with input as res({"public": true}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == sprintf("EBS snapshot %q is public: any AWS account can create a volume from it", ["res"])
	d.evidence["public"] == true
}

test_absent_takes_the_documented_default if {
	count(snapshot_public.deny) == 0 with input as res({}, [])
	count(snapshot_public.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(snapshot_public.deny) == 0 with input as res({"public": null}, [])
}

test_unknown_is_unknown if {
	inp := res({}, ["public"])
	count(snapshot_public.deny) == 0 with input as inp
	unknowns := snapshot_public.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["public"]
}
