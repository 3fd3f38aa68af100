# METADATA
# title: Customer managed KMS keys are not pending deletion
# description: >-
#   A key scheduled for deletion can no longer encrypt or decrypt, and once its waiting period ends
#   everything it protects (volumes, snapshots, backups, secrets) becomes unreadable for good. Only live
#   scans see such keys: a key declared in Terraform is never pending deletion (deletion_window_in_days is
#   the waiting period used when the key is destroyed, not a scheduled deletion).
# custom:
#   id: KMS.3
#   severity: high
#   resource_types: [aws.kms.key]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     If the key is still needed, cancel the deletion (aws kms cancel-key-deletion, then enable the key) and
#     bring it back under Terraform as an aws_kms_key (terraform import). If it is not, check with CloudTrail
#     (kms:Decrypt events) that nothing still uses it before the deletion date.
package vigil.aws.kms.pending_deletion

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.kms.key")
	not lib.is_unknown(r, "pending_deletion")
	r.attributes.pending_deletion == true
	date := lib.attribute(r, ["deletion_date"], null)
	result := lib.failure(r, sprintf("KMS key %q is pending deletion (%v)", [lib.label(r), _when(date)]), {
		"pending_deletion": true,
		"key_state": lib.attribute(r, ["key_state"], null),
		"deletion_date": date,
	})
}

_when(date) := sprintf("deleted on %s", [date]) if is_string(date)

_when(date) := "deletion date not given" if not is_string(date)

unknown contains result if {
	some r in lib.resources_with_unknown("aws.kms.key")
	lib.is_unknown(r, "pending_deletion")
	result := lib.unknown_result(r, sprintf("deletion state of KMS key %q is unknown", [lib.label(r)]), ["pending_deletion"])
}
