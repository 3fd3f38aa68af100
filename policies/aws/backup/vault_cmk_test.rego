package vigil.aws.backup.vault_cmk_test

import data.vigil.aws.backup.vault_cmk

vault(attrs, unknown) := {"by_type": {"aws.backup.vault": [{"id": "aws_backup_vault.main", "type": "aws.backup.vault", "name": "main", "attributes": attrs, "unknown": unknown}]}}

test_customer_key_passes if {
	inp := vault({"kms_key_arn": "aws_kms_key.backup"}, [])
	count(vault_cmk.deny) == 0 with input as inp
	count(vault_cmk.unknown) == 0 with input as inp
}

test_default_key_fails if {
	denies := vault_cmk.deny with input as vault({"kms_key_arn": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "backup vault \"main\" is encrypted with the AWS managed key (aws/backup), not a customer managed key"
	d.evidence.kms_key_arn == null
}

test_aws_managed_alias_fails if {
	count(vault_cmk.deny) == 1 with input as vault({"kms_key_arn": "arn:aws:kms:eu-west-1:111122223333:alias/aws/backup"}, [])
	count(vault_cmk.deny) == 1 with input as vault({"kms_key_arn": "alias/aws/backup"}, [])
}

test_customer_alias_passes if {
	count(vault_cmk.deny) == 0 with input as vault({"kms_key_arn": "arn:aws:kms:eu-west-1:111122223333:alias/backup-cmk"}, [])
}

test_unknown if {
	inp := vault({}, ["kms_key_arn"])
	count(vault_cmk.deny) == 0 with input as inp
	count(vault_cmk.unknown) == 1 with input as inp
}

test_aws_managed_alias_arn_and_empty_key_fail if {
	count(vault_cmk.deny) == 1 with input as vault({"kms_key_arn": "arn:aws:kms:eu-west-1:111122223333:alias/aws/backup"}, [])
	count(vault_cmk.deny) == 1 with input as vault({"kms_key_arn": ""}, [])
	count(vault_cmk.deny) == 1 with input as vault({}, [])
	count(vault_cmk.deny) == 0 with input as vault({"kms_key_arn": "arn:aws:kms:eu-west-1:111122223333:alias/backup"}, [])
}
