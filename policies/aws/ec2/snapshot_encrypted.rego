# METADATA
# title: EBS snapshots are encrypted
# description: >-
#   An unencrypted snapshot holds a copy of the volume's data in the clear, and volumes created from it
#   are unencrypted too.
# custom:
#   id: EC2.14
#   severity: medium
#   resource_types: [aws.ec2.snapshot]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#   remediation: >-
#     Copy the snapshot with encryption (aws_ebs_snapshot_copy with encrypted = true and a kms_key_id), delete
#     the unencrypted one, and enable aws_ebs_encryption_by_default so new volumes and snapshots are encrypted.
package vigil.aws.ec2.snapshot_encrypted

import data.vigil.lib

# An absent or null encrypted takes its documented default (false, docs/inventory.md).
deny contains result if {
	some r in lib.resources("aws.ec2.snapshot")
	not r.attributes.encrypted == true
	not lib.is_unknown(r, "encrypted")
	v := lib.attribute(r, ["encrypted"], false)
	v != true
	result := {
		"resource": r.id,
		"message": sprintf("EBS snapshot %q is not encrypted", [lib.label(r)]),
		"evidence": {"encrypted": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.snapshot")
	lib.is_unknown(r, "encrypted")
	result := {
		"resource": r.id,
		"message": sprintf("encryption of EBS snapshot %q is unknown", [lib.label(r)]),
		"missing": ["encrypted"],
	}
}
