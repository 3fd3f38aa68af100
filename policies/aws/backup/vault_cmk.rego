# METADATA
# title: Backup vault is encrypted with a customer managed KMS key
# description: >-
#   Recovery points in the vault are encrypted with a customer managed KMS key rather than the AWS managed
#   aws/backup key, so the organisation controls who can decrypt and restore backups, can share the key
#   for cross-account copies, and can revoke access to the backups independently of the source data.
# custom:
#   id: BKP.1
#   severity: medium
#   resource_types: [aws.backup.vault]
#   controls:
#     iso27001-2022: ["8.13", "8.24"]
#     nist-800-53-r5: ["CP-9(8)", "SC-12"]
#     nist-csf-2.0: ["PR.DS-11"]
#   remediation: >-
#     Set kms_key_arn on the aws_backup_vault to a customer managed aws_kms_key (a vault's key cannot be
#     changed: create a new vault and point the backup plans at it).
package vigil.aws.backup.vault_cmk

import data.vigil.lib

path := "kms_key_arn"

# aws_managed is true for no key (null: AWS uses aws/backup) or a reference to an AWS managed alias.
aws_managed(key) if not lib.is_set(key)

aws_managed(key) if regex.match(`(^|:)alias/aws/`, key)

deny contains result if {
	some r in lib.resources("aws.backup.vault")
	not lib.is_unknown(r, path)
	key := lib.get(r, path, null)
	aws_managed(key)
	result := lib.failure(
		r,
		sprintf("backup vault %q is encrypted with the AWS managed key (aws/backup), not a customer managed key", [lib.label(r)]),
		{path: key},
	)
}

unknown contains result if {
	some r in lib.resources("aws.backup.vault")
	lib.is_unknown(r, path)
	result := lib.unknown_result(
		r,
		sprintf("encryption key of backup vault %q is unknown", [lib.label(r)]),
		[path],
	)
}
