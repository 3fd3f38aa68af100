package vigil.aws.ec2.snapshot_encrypted_test

import data.vigil.aws.ec2.snapshot_encrypted

res(attrs, unknown) := {"by_type": {"aws.ec2.snapshot": [{"id": "res.id", "type": "aws.ec2.snapshot", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"encrypted": true}, [])
	count(snapshot_encrypted.deny) == 0 with input as inp
	count(snapshot_encrypted.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := snapshot_encrypted.deny with input as res({"encrypted": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == sprintf("EBS snapshot %q is not encrypted", ["res"])
	d.evidence["encrypted"] == false
}

test_absent_takes_the_documented_default if {
	count(snapshot_encrypted.deny) == 1 with input as res({}, [])
	count(snapshot_encrypted.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(snapshot_encrypted.deny) == 1 with input as res({"encrypted": null}, [])
}

test_unknown_is_unknown if {
	inp := res({}, ["encrypted"])
	count(snapshot_encrypted.deny) == 0 with input as inp
	unknowns := snapshot_encrypted.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["encrypted"]
}
