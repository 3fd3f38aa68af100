# METADATA
# title: AWS Backup recovery points are encrypted
# description: >-
#   A recovery point that is not encrypted (a backup of an unencrypted source kept in its own encryption)
#   leaves the backed-up data readable to whoever can copy or restore it.
# custom:
#   id: BKP.6
#   severity: medium
#   resource_types: [aws.backup.recovery_point]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#   remediation: >-
#     Encrypt the source resource (EBS, RDS, EFS, ...) with a KMS key so its backups are encrypted, or back it up
#     to a vault whose kms_key_arn encrypts resources with independent encryption; then remove the unencrypted
#     recovery points.
package vigil.aws.backup.recovery_point_encrypted

import data.vigil.lib

# An absent or null encrypted takes its documented default (false, docs/inventory.md).
deny contains result if {
	some r in lib.resources("aws.backup.recovery_point")
	not r.attributes.encrypted == true
	not lib.is_unknown(r, "encrypted")
	v := lib.attribute(r, ["encrypted"], false)
	v != true
	result := {
		"resource": r.id,
		"message": sprintf("recovery point %q is not encrypted", [lib.label(r)]),
		"evidence": {"encrypted": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.backup.recovery_point")
	lib.is_unknown(r, "encrypted")
	result := {
		"resource": r.id,
		"message": sprintf("encryption of recovery point %q is unknown", [lib.label(r)]),
		"missing": ["encrypted"],
	}
}
