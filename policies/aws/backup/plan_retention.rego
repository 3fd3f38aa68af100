# METADATA
# title: Backup plan rules keep recovery points for at least 35 days
# description: >-
#   Every rule of the backup plan keeps its recovery points for 35 days or more (a rule with no
#   delete_after_days keeps them forever), so a problem discovered weeks later, such as slow data
#   corruption or a dormant ransomware infection, can still be rolled back.
# custom:
#   id: BKP.3
#   severity: medium
#   resource_types: [aws.backup.plan]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     In each rule of the aws_backup_plan set lifecycle { delete_after = 35 } or more (or remove
#     delete_after to keep recovery points until deleted by hand).
package vigil.aws.backup.plan_retention

import data.vigil.lib

retention_path(i) := sprintf("rules.%d.delete_after_days", [i])

# Rules whose retention is known and shorter than 35 days. A null delete_after_days keeps recovery
# points forever.
_short(r) := [{"index": i, "rule": lib.object_get(rule, "name", null), "delete_after_days": days} |
	some i, rule in r.attributes.rules
	days := lib.object_get(rule, "delete_after_days", null)
	days != null
	not lib.number_at_least(days, 35) # a wrong-typed retention fails with its value as evidence
	not lib.is_unknown(r, retention_path(i))
]

short_rules(r) := [{"rule": s.rule, "delete_after_days": s.delete_after_days} | some s in _short(r)]

# rule_label names a rule in messages: its name, or its position in the plan when the name is unknown
# (built from a module output that was not scanned).
rule_label(s) := s.rule if is_string(s.rule)

else := sprintf("rule %d (name unknown)", [s.index + 1])

deny contains result if {
	some r in lib.resources("aws.backup.plan")
	found := _short(r)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("backup plan %q keeps recovery points for less than 35 days in rules: %s", [
			lib.label(r),
			concat(", ", [sprintf("%v (%v days)", [rule_label(f), f.delete_after_days]) | some f in found]),
		]),
		"evidence": {"rules": [{"rule": f.rule, "delete_after_days": f.delete_after_days} | some f in found]},
	}
}

missing(r) := ["rules"] if lib.is_unknown(r, "rules")

missing(r) := paths if {
	not lib.is_unknown(r, "rules")
	paths := [retention_path(i) | some i, _ in lib.value(r, "rules", []); lib.is_unknown(r, retention_path(i))]
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.backup.plan")
	paths := missing(r)
	count(paths) > 0
	count(short_rules(r)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("retention of backup plan %q is unknown", [lib.label(r)]),
		"missing": paths,
	}
}
