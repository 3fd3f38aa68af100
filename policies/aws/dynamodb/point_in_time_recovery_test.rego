package vigil.aws.dynamodb.point_in_time_recovery_test

import data.vigil.aws.dynamodb.point_in_time_recovery

res(attrs, unknown) := {"by_type": {"aws.dynamodb.table": [{"id": "res.id", "type": "aws.dynamodb.table", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"point_in_time_recovery": {"enabled": true}}, [])
	count(point_in_time_recovery.deny) == 0 with input as inp
	count(point_in_time_recovery.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := point_in_time_recovery.deny with input as res({"point_in_time_recovery": {"enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "DynamoDB table \"res\" has point-in-time recovery disabled"
	d.evidence["point_in_time_recovery.enabled"] == false
}

test_absent_takes_the_documented_default if {
	count(point_in_time_recovery.deny) == 1 with input as res({}, [])
	count(point_in_time_recovery.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(point_in_time_recovery.deny) == 1 with input as res({"point_in_time_recovery": {"enabled": null}}, [])
}

test_unknown_parent_is_unknown if {
	inp := res({}, ["point_in_time_recovery"])
	count(point_in_time_recovery.deny) == 0 with input as inp
	unknowns := point_in_time_recovery.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["point_in_time_recovery.enabled"]
}
