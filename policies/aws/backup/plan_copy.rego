# METADATA
# title: Backup plan copies recovery points to another vault
# description: >-
#   At least one rule of the backup plan copies its recovery points to a different vault (copy_action),
#   ideally in another region or account, so a second copy survives the loss, compromise or deletion of
#   the primary vault.
# custom:
#   id: BKP.4
#   severity: low
#   resource_types: [aws.backup.plan]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     Add a copy_action { destination_vault_arn = <vault in another region or account> } with its own
#     lifecycle to a rule of the aws_backup_plan.
package vigil.aws.backup.plan_copy

import data.vigil.lib

# copies lists the known copy actions whose destination differs from the rule's own vault (a plan whose
# rules are absent or null has none).
copies(r) := [{"rule": lib.object_get(rule, "name", null), "destination_vault": dest} |
	some i, rule in r.attributes.rules
	some j, action in lib.object_get(rule, "copy_actions", [])
	dest := lib.object_get(action, "destination_vault", null)
	is_string(dest)
	dest != ""
	dest != lib.object_get(rule, "target_vault", null)
	not lib.is_unknown(r, sprintf("rules.%d.copy_actions.%d.destination_vault", [i, j]))
]

# missing lists the unknown paths that could hold a copy action.
missing(r) := [] if {
	object.get(r, "unknown", []) == []
} else := ["rules"] if {
	lib.is_unknown(r, "rules")
} else := [p |
	some i, _ in lib.attribute(r, ["rules"], [])
	p := sprintf("rules.%d.copy_actions", [i])
	lib.unknown_within(r, p)
]

# with_copy_ids are the plans without unknown paths that have a copy action to another vault (copies):
# found with inline tests, so that they cost no function call.
with_copy_ids contains r.id if {
	some r in lib.resources("aws.backup.plan")
	r.unknown == []
	some rule in r.attributes.rules
	some action in rule.copy_actions
	dest := action.destination_vault
	is_string(dest)
	dest != ""
	dest != lib.object_get(rule, "target_vault", null)
}

deny contains result if {
	with_copy := with_copy_ids
	some r in lib.resources("aws.backup.plan")
	not r.id in with_copy
	count(copies(r)) == 0
	count(missing(r)) == 0
	rules := lib.attribute(r, ["rules"], [])
	result := {
		"resource": r.id,
		"message": sprintf("backup plan %q does not copy recovery points to another vault", [lib.label(r)]),
		"evidence": {"rules": [{"rule": lib.object_get(rule, "name", null), "target_vault": lib.object_get(rule, "target_vault", null), "copy_actions": lib.object_get(rule, "copy_actions", [])} | some rule in rules]},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.backup.plan")
	paths := missing(r)
	count(paths) > 0
	count(copies(r)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("copy actions of backup plan %q are unknown", [lib.label(r)]),
		"missing": paths,
	}
}
