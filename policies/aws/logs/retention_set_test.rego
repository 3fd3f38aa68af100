package vigil.aws.logs.retention_set_test

import data.vigil.aws.logs.retention_set as rule

inp(attrs, unknown) := {"by_type": {"aws.logs.log_group": [{"id": "g", "type": "aws.logs.log_group", "name": "app", "attributes": attrs, "unknown": unknown}]}}

test_retention_passes if {
	count(rule.deny) == 0 with input as inp({"retention_in_days": 30}, [])
	count(rule.unknown) == 0 with input as inp({"retention_in_days": 30}, [])
}

test_never_expire_fails if {
	denies := rule.deny with input as inp({"retention_in_days": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "log group \"app\" keeps its events forever"
	count(rule.deny) == 1 with input as inp({}, [])
}

test_unknown_is_unknown if {
	count(rule.deny) == 0 with input as inp({"retention_in_days": null}, ["retention_in_days"])
	count(rule.unknown) == 1 with input as inp({"retention_in_days": null}, ["retention_in_days"])
}
