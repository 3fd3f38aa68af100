package vigil.aws.rds.instance_minor_upgrades_test

import data.vigil.aws.rds.instance_minor_upgrades as rule

db(attrs, unknown) := {"by_type": {"aws.rds.instance": [{
	"id": "aws_db_instance.orders",
	"type": "aws.rds.instance",
	"name": "orders",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_on_passes if {
	inp := db({"auto_minor_version_upgrade": true}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_default_passes if {
	count(rule.deny) == 0 with input as db({}, [])
	count(rule.unknown) == 0 with input as db({}, [])
}

test_off_fails if {
	denies := rule.deny with input as db({"auto_minor_version_upgrade": false}, [])
	count(denies) == 1
	some d in denies
	d.message == "RDS DB instance \"orders\" does not apply minor engine upgrades automatically"
	d.evidence == {"auto_minor_version_upgrade": false}
}

test_unknown_is_unknown if {
	inp := db({"auto_minor_version_upgrade": null}, ["auto_minor_version_upgrade"])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_wrong_type_is_unknown_never_a_pass if {
	inp := db({"auto_minor_version_upgrade": "false"}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
