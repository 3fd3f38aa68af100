# METADATA
# title: Backup vaults deny manual deletion of recovery points
# description: >-
#   The vault's access policy denies, to every principal and on every resource, deleting recovery points
#   (backup:DeleteRecoveryPoint), shortening their retention (backup:UpdateRecoveryPointLifecycle) and
#   replacing the access policy itself (backup:PutBackupVaultAccessPolicy), so backups cannot be removed
#   by hand before their lifecycle ends (AWS Backup Audit Manager control
#   BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED, without exempt roles).
# custom:
#   id: BKP.5
#   severity: medium
#   resource_types: [aws.backup.vault]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"]
#   remediation: >-
#     Add an aws_backup_vault_policy for the vault with a statement Effect "Deny", Principal "*",
#     Action ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle",
#     "backup:PutBackupVaultAccessPolicy"] and Resource "*", without a Condition.
package vigil.aws.backup.vault_deletion_denied

import data.vigil.lib

# required_actions are the actions the Deny must cover (lower-cased: action names are case-insensitive).
required_actions := ["backup:deleterecoverypoint", "backup:updaterecoverypointlifecycle", "backup:putbackupvaultaccesspolicy"]

# denies is true when stmt denies action to every principal on every resource, whatever the request:
# Effect Deny, Principal "*" (or AWS "*"), Resource "*", no Condition (a Condition limits the Deny to some
# requests, e.g. exempts roles, which the control allows only when configured), and an Action entry that
# matches the action (IAM wildcards * and ?) or a NotAction none of whose entries does.
denies(stmt, action) if {
	stmt.Effect == "Deny"
	lib.principal_is_anyone(object.get(stmt, "Principal", null))
	"*" in object.get(stmt, "Resource", [])
	not lib.has_condition(stmt)
	_action_covered(stmt, action)
}

_action_covered(stmt, action) if {
	some a in lib.actions(stmt)
	_matches(a, action)
}

_action_covered(stmt, action) if {
	lib.has_not_action(stmt)
	not _not_action_excludes(stmt, action)
}

_not_action_excludes(stmt, action) if {
	some a in lib.not_actions(stmt)
	_matches(a, action)
}

# _not_action_excludes holds too for an entry that is not a string (unknown or ill-typed): it may exclude.
_not_action_excludes(stmt, _) if {
	some a in lib.not_actions(stmt)
	not is_string(a)
}

_matches(pattern, action) if {
	is_string(pattern)
	glob.match(pattern, [], action)
}

# uncovered lists the required actions no statement of policy denies (all of them for a null policy).
uncovered(policy) := [a |
	some a in required_actions
	not _denied(policy, a)
]

_denied(policy, action) if {
	some stmt in lib.statements(policy)
	denies(stmt, action)
}

deny contains result if {
	some r in lib.resources("aws.backup.vault")
	not lib.unknown_within(r, "access_policy")
	result := _failure(r)
}

# A policy with unknown parts, none of which could be a statement that denies a missing action, fails too.
deny contains result if {
	some r in lib.resources_with_unknown("aws.backup.vault")
	lib.unknown_within(r, "access_policy")
	count(unknown_policy_paths(r)) == 0
	result := _failure(r)
}

_failure(r) := result if {
	policy := object.get(r, ["attributes", "access_policy"], null)
	missing := uncovered(policy)
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf(message_format(policy), [lib.label(r), concat(", ", missing)]),
		"evidence": {"access_policy": policy, "actions_not_denied": missing},
	}
}

message_format(null) := "backup vault %q has no access policy, so recovery points can be deleted by hand (%s not denied)"

message_format(policy) := "backup vault %q access policy does not deny %s to every principal on every resource" if policy != null

# could_deny is true for a statement with unknown parts (lib.statement_unknowns) that would deny one of
# the actions no known statement denies (missing) for some value of those parts: each requirement of denies is met or rests on
# an unknown part.
could_deny(e, _) if "*" in e.elements

could_deny(e, missing) if {
	e.statement.Effect == "Deny"
	_principal_could_be_anyone(e)
	_resource_could_be_all(e)
	_condition_could_be_absent(e)
	_actions_could_cover(e, missing)
}

_principal_could_be_anyone(e) if lib.principal_is_anyone(object.get(e.statement, "Principal", null))

_principal_could_be_anyone(e) if "Principal" in e.elements

_resource_could_be_all(e) if "*" in object.get(e.statement, "Resource", [])

_resource_could_be_all(e) if "Resource" in e.elements

_condition_could_be_absent(e) if not lib.has_condition(e.statement)

_condition_could_be_absent(e) if "Condition" in e.elements

_actions_could_cover(e, missing) if {
	some a in missing
	_action_covered(e.statement, a)
}

# An unknown Action entry (null) or an unknown NotAction entry could cover any action.
_actions_could_cover(e, _) if "Action" in e.elements

_actions_could_cover(e, _) if "NotAction" in e.elements

# unknown_policy_paths are the unknown paths of the access policy that could hide a statement denying an
# action no known statement denies.
unknown_policy_paths(r) := [p |
	policy := object.get(r.attributes, "access_policy", null)
	missing := uncovered(policy)
	some e in lib.statement_unknowns(r, "access_policy", policy)
	could_deny(e, missing)
	some p in lib.statement_missing(r, e, {"Principal", "Action", "NotAction", "Resource", "Condition"})
]

# A policy that is unknown, or has an unknown part that could deny an action no known statement denies.
unknown contains result if {
	some r in lib.resources_with_unknown("aws.backup.vault")
	count(uncovered(object.get(r, ["attributes", "access_policy"], null))) > 0
	missing := unknown_policy_paths(r)
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("access policy of backup vault %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
