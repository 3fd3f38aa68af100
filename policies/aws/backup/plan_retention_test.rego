package vigil.aws.backup.plan_retention_test

import data.vigil.aws.backup.plan_retention

plan(rules, unknown) := {"by_type": {"aws.backup.plan": [{"id": "aws_backup_plan.daily", "type": "aws.backup.plan", "name": "daily", "attributes": {"rules": rules}, "unknown": unknown}]}}

rule(name, days) := {"name": name, "target_vault": "aws_backup_vault.main", "schedule": "cron(0 5 * * ? *)", "delete_after_days": days, "copy_actions": []}

test_35_days_passes if {
	inp := plan([rule("daily", 35), rule("monthly", 365)], [])
	count(plan_retention.deny) == 0 with input as inp
	count(plan_retention.unknown) == 0 with input as inp
}

test_null_means_forever_and_passes if {
	count(plan_retention.deny) == 0 with input as plan([rule("archive", null)], [])
}

test_short_rule_fails if {
	denies := plan_retention.deny with input as plan([rule("daily", 7), rule("monthly", 365)], [])
	count(denies) == 1
	some d in denies
	d.message == "backup plan \"daily\" keeps recovery points for less than 35 days in rules: daily (7 days)"
	d.evidence.rules == [{"rule": "daily", "delete_after_days": 7}]
}

test_boundary_34_fails if {
	count(plan_retention.deny) == 1 with input as plan([rule("daily", 34)], [])
}

test_unknown_retention_is_not_forever if {
	inp := plan([rule("daily", null)], ["rules.0.delete_after_days"])
	count(plan_retention.deny) == 0 with input as inp
	unknowns := plan_retention.unknown with input as inp
	some u in unknowns
	u.missing == ["rules.0.delete_after_days"]
}

test_unknown_rules if {
	inp := plan(null, ["rules"])
	count(plan_retention.deny) == 0 with input as inp
	count(plan_retention.unknown) == 1 with input as inp
}

test_unknown_schedule_does_not_matter if {
	inp := plan([rule("daily", 35)], ["rules.0.schedule"])
	count(plan_retention.unknown) == 0 with input as inp
}

# A rule whose name is unknown (built from a module output that was not scanned) is named by position.
test_unknown_rule_name_in_message if {
	inp := {"by_type": {"aws.backup.plan": [{
		"id": "module.backup.aws_backup_plan.default",
		"type": "aws.backup.plan",
		"name": "default",
		"attributes": {"rules": [{"name": "weekly", "delete_after_days": 90}, {"name": null, "delete_after_days": 7}]},
		"unknown": ["rules.1.name"],
	}]}}
	some d in plan_retention.deny with input as inp
	d.message == "backup plan \"default\" keeps recovery points for less than 35 days in rules: rule 2 (name unknown) (7 days)"
	d.evidence.rules == [{"rule": null, "delete_after_days": 7}]
}

test_retention_of_the_wrong_type_fails if {
	count(plan_retention.deny) == 1 with input as plan([rule("daily", "forever")], [])
}

test_rules_of_the_wrong_type_do_not_stop_the_rule if {
	count(plan_retention.deny) == 0 with input as plan([5, null, "x"], [])
}
