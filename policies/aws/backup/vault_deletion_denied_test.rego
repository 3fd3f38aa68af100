package vigil.aws.backup.vault_deletion_denied_test

import data.vigil.aws.backup.vault_deletion_denied

res(attrs, unknown) := {"by_type": {"aws.backup.vault": [vault(attrs, unknown)]}, "unknown_by_type": {"aws.backup.vault": [vault(attrs, unknown) | count(unknown) > 0]}}

vault(attrs, unknown) := {"id": "res.id", "type": "aws.backup.vault", "name": "res", "attributes": attrs, "unknown": unknown}

three := ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"]

deny_stmt(actions) := {"Effect": "Deny", "Principal": "*", "Action": actions, "Resource": ["*"]}

policy(stmts) := {"access_policy": {"Version": "2012-10-17", "Statement": stmts}}

test_deny_of_the_three_actions_passes if {
	inp := res(policy([deny_stmt(three)]), [])
	count(vault_deletion_denied.deny) == 0 with input as inp
	count(vault_deletion_denied.unknown) == 0 with input as inp
}

# The actions spread over statements, a wildcard, AWS "*" principal, lower case and a NotAction deny all count.
test_other_spellings_pass if {
	spread := [
		deny_stmt(["backup:deleterecoverypoint"]),
		object.union(deny_stmt(["backup:Update*", "backup:PutBackupVault?ccessPolicy"]), {"Principal": {"AWS": ["*"]}}),
	]
	count(vault_deletion_denied.deny) == 0 with input as res(policy(spread), [])
	count(vault_deletion_denied.deny) == 0 with input as res(policy([deny_stmt(["backup:*"])]), [])
	not_action := {"Effect": "Deny", "Principal": "*", "NotAction": ["backup:Get*", "backup:List*"], "Resource": ["*"]}
	count(vault_deletion_denied.deny) == 0 with input as res(policy([not_action]), [])
}

test_no_policy_fails if {
	denies := vault_deletion_denied.deny with input as res({"access_policy": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "backup vault \"res\" has no access policy, so recovery points can be deleted by hand (backup:deleterecoverypoint, backup:updaterecoverypointlifecycle, backup:putbackupvaultaccesspolicy not denied)"
	d.evidence.actions_not_denied == ["backup:deleterecoverypoint", "backup:updaterecoverypointlifecycle", "backup:putbackupvaultaccesspolicy"]
}

test_absent_policy_fails if {
	count(vault_deletion_denied.deny) == 1 with input as res({"name": "res"}, [])
}

# Only DeleteRecoveryPoint denied: the other two are named.
test_partial_deny_fails if {
	denies := vault_deletion_denied.deny with input as res(policy([deny_stmt(["backup:DeleteRecoveryPoint"])]), [])
	count(denies) == 1
	some d in denies
	d.message == "backup vault \"res\" access policy does not deny backup:updaterecoverypointlifecycle, backup:putbackupvaultaccesspolicy to every principal on every resource"
}

# A Deny limited to some principals, some resources, some requests (Condition), an Allow, or a NotAction
# that excludes an action does not count.
test_every_limited_statement_fails if {
	every stmt in [
		object.union(deny_stmt(three), {"Principal": {"AWS": "arn:aws:iam::123456789012:role/ops"}}),
		object.union(deny_stmt(three), {"Resource": ["arn:aws:backup:us-east-1:123456789012:recovery-point:*"]}),
		object.union(deny_stmt(three), {"Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/ops"}}}),
		object.union(deny_stmt(three), {"Effect": "Allow"}),
		{"Effect": "Deny", "Principal": "*", "NotAction": ["backup:Delete*"], "Resource": ["*"]},
	] {
		count(vault_deletion_denied.deny) == 1 with input as res(policy([stmt]), [])
	}
}

test_unknown_policy_is_unknown if {
	inp := res({"access_policy": null}, ["access_policy"])
	count(vault_deletion_denied.deny) == 0 with input as inp
	unknowns := vault_deletion_denied.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["access_policy"]
	u.message == "access policy of backup vault \"res\" is unknown"
}

# A statement whose Principal is unknown could be the missing Deny: unknown, naming that path.
test_unknown_principal_is_unknown if {
	stmt := object.union(deny_stmt(three), {"Principal": null})
	inp := res(policy([stmt]), ["access_policy.Statement.0.Principal"])
	count(vault_deletion_denied.deny) == 0 with input as inp
	unknowns := vault_deletion_denied.unknown with input as inp
	some u in unknowns
	u.missing == ["access_policy.Statement.0.Principal"]
}

# An unknown part that cannot change the result: the known statement already denies the three (pass), or the
# unknown statement is an Allow (fail).
test_irrelevant_unknown_parts_decide if {
	covered := res(policy([deny_stmt(three), {"Effect": "Allow", "Principal": null, "Action": ["backup:*"], "Resource": ["*"]}]), ["access_policy.Statement.1.Principal"])
	count(vault_deletion_denied.deny) == 0 with input as covered
	count(vault_deletion_denied.unknown) == 0 with input as covered
	allow := res(policy([{"Effect": "Allow", "Principal": null, "Action": ["backup:*"], "Resource": ["*"]}]), ["access_policy.Statement.0.Principal"])
	count(vault_deletion_denied.deny) == 1 with input as allow
	count(vault_deletion_denied.unknown) == 0 with input as allow
}
