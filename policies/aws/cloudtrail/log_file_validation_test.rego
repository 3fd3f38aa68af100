package vigil.aws.cloudtrail.log_file_validation_test

import data.vigil.aws.cloudtrail.log_file_validation

res(attrs, unknown) := {"by_type": {"aws.cloudtrail.trail": [{"id": "res.id", "type": "aws.cloudtrail.trail", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"log_file_validation": true}, [])
	count(log_file_validation.deny) == 0 with input as inp
	count(log_file_validation.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := log_file_validation.deny with input as res({"log_file_validation": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "CloudTrail trail \"res\" has log file validation disabled"
	d.evidence.log_file_validation == false
}

test_absent_takes_the_documented_default if {
	count(log_file_validation.deny) == 1 with input as res({}, [])
	count(log_file_validation.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(log_file_validation.deny) == 1 with input as res({"log_file_validation": null}, [])
}

test_unknown_parent_is_unknown if {
	inp := res({}, ["log_file_validation"])
	count(log_file_validation.deny) == 0 with input as inp
	unknowns := log_file_validation.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["log_file_validation"]
}
