package vigil.aws.backup.recovery_point_encrypted_test

import data.vigil.aws.backup.recovery_point_encrypted

res(attrs, unknown) := {"by_type": {"aws.backup.recovery_point": [{"id": "res.id", "type": "aws.backup.recovery_point", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"encrypted": true}, [])
	count(recovery_point_encrypted.deny) == 0 with input as inp
	count(recovery_point_encrypted.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := recovery_point_encrypted.deny with input as res({"encrypted": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == sprintf("recovery point %q is not encrypted", ["res"])
	d.evidence["encrypted"] == false
}

test_absent_takes_the_documented_default if {
	count(recovery_point_encrypted.deny) == 1 with input as res({}, [])
	count(recovery_point_encrypted.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(recovery_point_encrypted.deny) == 1 with input as res({"encrypted": null}, [])
}

test_unknown_is_unknown if {
	inp := res({}, ["encrypted"])
	count(recovery_point_encrypted.deny) == 0 with input as inp
	unknowns := recovery_point_encrypted.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["encrypted"]
}
