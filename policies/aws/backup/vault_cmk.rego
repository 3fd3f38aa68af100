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
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Set kms_key_arn on the aws_backup_vault to a customer managed aws_kms_key (a vault's key cannot be
#     changed: create a new vault and point the backup plans at it).
package vigil.aws.backup.vault_cmk

import data.vigil.lib

# customer_managed is true for a key reference other than an AWS managed alias. No key (null) means
# AWS uses aws/backup.
customer_managed(key) if {
	is_string(key)
	key != ""
	not regex.match(`(^|:)alias/aws/`, key)
}

deny contains result if {
	some r in lib.resources("aws.backup.vault")
	key := object.get(r, ["attributes", "kms_key_arn"], null)
	not customer_managed(key)
	not lib.is_unknown(r, "kms_key_arn")
	result := {
		"resource": r.id,
		"message": sprintf("backup vault %q is encrypted with the AWS managed key (aws/backup), not a customer managed key", [lib.label(r)]),
		"evidence": {"kms_key_arn": key},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.backup.vault")
	lib.is_unknown(r, "kms_key_arn")
	result := {
		"resource": r.id,
		"message": sprintf("encryption key of backup vault %q is unknown", [lib.label(r)]),
		"missing": ["kms_key_arn"],
	}
}
