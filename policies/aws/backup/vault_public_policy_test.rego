package vigil.aws.backup.vault_public_policy_test

import data.vigil.aws.backup.vault_public_policy

vault(attrs, unknown) := {"by_type": {"aws.backup.vault": [{"id": "aws_backup_vault.main", "type": "aws.backup.vault", "name": "main", "attributes": attrs, "unknown": unknown}]}}

copy_from_anyone := {"Effect": "Allow", "Principal": "*", "Action": ["backup:CopyIntoBackupVault"], "Resource": "*"}

test_org_only_copy_passes if {
	stmt := object.union(copy_from_anyone, {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}})
	inp := vault({"access_policy": {"Statement": [stmt]}}, [])
	count(vault_public_policy.deny) == 0 with input as inp
	count(vault_public_policy.unknown) == 0 with input as inp
}

test_no_policy_passes if {
	inp := vault({"access_policy": null}, [])
	count(vault_public_policy.deny) == 0 with input as inp
	count(vault_public_policy.unknown) == 0 with input as inp
}

test_deny_for_anyone_passes if {
	stmt := {"Effect": "Deny", "Principal": "*", "Action": ["backup:DeleteRecoveryPoint"], "Resource": "*"}
	count(vault_public_policy.deny) == 0 with input as vault({"access_policy": {"Statement": [stmt]}}, [])
}

test_copy_from_anyone_fails if {
	denies := vault_public_policy.deny with input as vault({"access_policy": {"Statement": [copy_from_anyone]}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "aws_backup_vault.main"
	d.message == "backup vault \"main\" has an access policy statement that allows anyone"
	d.evidence == {"access_policy.public_statements": [copy_from_anyone]}
}

test_wildcards_and_not_action_fail if {
	every stmt in [
		{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["backup:*"], "Resource": "*"},
		{"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["*"], "Resource": "*"},
		{"Effect": "Allow", "Principal": "*", "NotAction": ["backup:PutBackupVaultAccessPolicy"], "Resource": "*"},
	] {
		count(vault_public_policy.deny) == 1 with input as vault({"access_policy": {"Statement": [stmt]}}, [])
	}
}

test_source_ip_does_not_narrow if {
	stmt := object.union(copy_from_anyone, {"Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}})
	count(vault_public_policy.deny) == 1 with input as vault({"access_policy": {"Statement": [stmt]}}, [])
}

test_unknown_policy_is_unknown if {
	inp := vault({"access_policy": null}, ["access_policy"])
	count(vault_public_policy.deny) == 0 with input as inp
	unknowns := vault_public_policy.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["access_policy"]
}

test_unknown_condition_is_unknown if {
	stmt := object.union(copy_from_anyone, {"Condition": null})
	inp := vault({"access_policy": {"Statement": [stmt]}}, ["access_policy.Statement.0.Condition"])
	count(vault_public_policy.deny) == 0 with input as inp
	count(vault_public_policy.unknown) == 1 with input as inp
}
