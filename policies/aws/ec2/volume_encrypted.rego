# METADATA
# title: EBS volumes are encrypted
# description: >-
#   The EBS volume is encrypted at rest, which also encrypts its snapshots and the data moving between
#   the volume and the instance.
# custom:
#   id: EC2.5
#   severity: high
#   resource_types: [aws.ec2.volume]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set encrypted = true (and kms_key_id to a customer managed key) on the aws_ebs_volume, and enable
#     account-wide default encryption with aws_ebs_encryption_by_default.
package vigil.aws.ec2.volume_encrypted

import data.vigil.lib

# Absent encrypted means false (the scanner marks it unknown when default encryption could apply). null is a
# volume created from a snapshot without encrypted: it takes the snapshot's encryption, which the
# configuration does not require.
deny contains result if {
	some r in lib.resources("aws.ec2.volume")
	not r.attributes.encrypted == true
	not lib.is_unknown(r, "encrypted")
	encrypted := object.get(r.attributes, "encrypted", false)
	result := {
		"resource": r.id,
		"message": message(r, encrypted),
		"evidence": {"encrypted": encrypted},
	}
}

message(r, null) := sprintf("EBS volume %q does not require encryption: the configuration does not require it (it takes its snapshot's)", [lib.label(r)])

message(r, v) := sprintf("EBS volume %q is not encrypted", [lib.label(r)]) if v != null

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.volume")
	lib.is_unknown(r, "encrypted")
	result := {
		"resource": r.id,
		"message": sprintf("encryption of EBS volume %q is unknown (account default encryption may apply)", [lib.label(r)]),
		"missing": ["encrypted"],
	}
}
