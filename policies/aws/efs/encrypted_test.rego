package vigil.aws.efs.encrypted_test

import data.vigil.aws.efs.encrypted

res(attrs, unknown) := {"by_type": {"aws.efs.file_system": [{"id": "res.id", "type": "aws.efs.file_system", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"encrypted": true}, [])
	count(encrypted.deny) == 0 with input as inp
	count(encrypted.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := encrypted.deny with input as res({"encrypted": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "EFS file system \"res\" is not encrypted at rest"
	d.evidence.encrypted == false
}

test_absent_takes_the_documented_default if {
	count(encrypted.deny) == 1 with input as res({}, [])
	count(encrypted.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(encrypted.deny) == 1 with input as res({"encrypted": null}, [])
}

test_unknown_parent_is_unknown if {
	inp := res({}, ["encrypted"])
	count(encrypted.deny) == 0 with input as inp
	unknowns := encrypted.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["encrypted"]
}
