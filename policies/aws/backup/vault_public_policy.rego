# METADATA
# title: Backup vault access policy does not allow anyone
# description: >-
#   No statement of the vault's access policy allows every principal ("*", or AWS "*") a backup action
#   (or every action but some, with NotAction) without a condition that names the caller (source or
#   principal account, organization, ARN). Such a statement lets any AWS account copy recovery points into
#   or out of the vault, read them, or delete them.
# custom:
#   id: BKP.7
#   severity: high
#   resource_types: [aws.backup.vault]
#   controls:
#     iso27001-2022: ["8.3", "8.13"]
#     nist-800-53-r5: ["AC-3", "CP-9"]
#     nist-csf-2.0: ["PR.AA-05", "PR.DS-11"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     In the aws_backup_vault_policy, name the accounts or roles in Principal, or add a Condition such as
#     StringEquals { "aws:PrincipalOrgID" = "<organization id>" } (the usual way to accept copies from the
#     organization's accounts).
package vigil.aws.backup.vault_public_policy

import data.vigil.lib

# open_statements are the known public statements granting a backup action: an Action "backup:..." or "*"
# (wildcards included), or a NotAction, which grants whatever it does not list.
open_statements(r) := [lib.resource_statement_evidence(s) |
	some s in lib.known_public_statements(r, "access_policy")
	grants_backup_action(s)
]

grants_backup_action(stmt) if {
	some a in lib.actions(stmt)
	is_string(a)
	startswith(a, "backup")
}

grants_backup_action(stmt) if {
	some a in lib.actions(stmt)
	a == "*"
}

grants_backup_action(stmt) if object.get(stmt, "NotAction", null) != null

deny contains result if {
	some r in lib.resources("aws.backup.vault")
	public := open_statements(r)
	count(public) > 0
	result := lib.failure(r, sprintf("backup vault %q has an access policy statement that allows anyone", [lib.label(r)]), {"access_policy.public_statements": public})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.backup.vault")
	lib.policy_may_be_public(r, "access_policy")
	count(open_statements(r)) == 0
	result := lib.unknown_result(r, sprintf("access policy of backup vault %q is unknown", [lib.label(r)]), ["access_policy"])
}
