package vigil.aws.backup.plan_copy_test

import data.vigil.aws.backup.plan_copy

plan(rules, unknown) := {"by_type": {"aws.backup.plan": [{"id": "aws_backup_plan.daily", "type": "aws.backup.plan", "name": "daily", "attributes": {"rules": rules}, "unknown": unknown}]}}

rule(copy_actions) := {"name": "daily", "target_vault": "aws_backup_vault.main", "delete_after_days": 35, "copy_actions": copy_actions}

test_cross_region_copy_passes if {
	inp := plan([rule([{"destination_vault": "arn:aws:backup:eu-central-1:111122223333:backup-vault:dr", "delete_after_days": 35}])], [])
	count(plan_copy.deny) == 0 with input as inp
	count(plan_copy.unknown) == 0 with input as inp
}

test_no_copy_fails if {
	denies := plan_copy.deny with input as plan([rule([])], [])
	count(denies) == 1
	some d in denies
	d.message == "backup plan \"daily\" does not copy recovery points to another vault"
	d.evidence.rules[0].target_vault == "aws_backup_vault.main"
}

test_copy_to_same_vault_fails if {
	count(plan_copy.deny) == 1 with input as plan([rule([{"destination_vault": "aws_backup_vault.main"}])], [])
}

test_plan_without_rules_fails if {
	count(plan_copy.deny) == 1 with input as plan([], [])
}

test_unknown_destination if {
	inp := plan([rule([{"destination_vault": null}])], ["rules.0.copy_actions.0.destination_vault"])
	count(plan_copy.deny) == 0 with input as inp
	unknowns := plan_copy.unknown with input as inp
	some u in unknowns
	u.missing == ["rules.0.copy_actions"]
}

test_known_copy_wins_over_unknown_rule if {
	inp := plan([rule([{"destination_vault": "aws_backup_vault.dr"}]), rule(null)], ["rules.1.copy_actions"])
	count(plan_copy.deny) == 0 with input as inp
	count(plan_copy.unknown) == 0 with input as inp
}

test_known_copy_passes_with_other_unknown_paths if {
	inp := plan([rule([{"destination_vault": "aws_backup_vault.dr"}])], ["rules.0.name"])
	count(plan_copy.deny) == 0 with input as inp
	count(plan_copy.unknown) == 0 with input as inp
}

test_copy_with_unknown_destination_is_not_a_copy if {
	inp := plan([rule([{"destination_vault": "aws_backup_vault.dr"}])], ["rules.0.copy_actions.0.destination_vault"])
	count(plan_copy.deny) == 0 with input as inp
	count(plan_copy.unknown) == 1 with input as inp
}

test_rules_of_the_wrong_type_copy_nothing if {
	count(plan_copy.deny) == 1 with input as plan([5, "x", rule([7])], [])
}
