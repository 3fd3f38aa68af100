# METADATA
# title: SNS topic is encrypted at rest with a KMS key
# description: >-
#   The topic stores its messages encrypted with a KMS key (server-side encryption). Without
#   kms_master_key_id, messages waiting for delivery are not encrypted at rest.
# custom:
#   id: SNS.1
#   severity: medium
#   resource_types: [aws.sns.topic]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set kms_master_key_id on the aws_sns_topic to a customer managed aws_kms_key (or at least
#     alias/aws/sns).
package vigil.aws.sns.kms_encryption

import data.vigil.lib

# No key: the topic is not encrypted at rest.
deny contains result if {
	some r in lib.resources("aws.sns.topic")
	not lib.is_set(object.get(r.attributes, "kms_master_key_id", null))
	not lib.is_unknown(r, "kms_master_key_id")
	result := lib.failure(r, sprintf("SNS topic %q is not encrypted at rest with a KMS key", [lib.label(r)]), {"kms_master_key_id": object.get(r.attributes, "kms_master_key_id", null)})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.sns.topic")
	lib.is_unknown(r, "kms_master_key_id")
	result := lib.unknown_result(r, sprintf("encryption of SNS topic %q is unknown", [lib.label(r)]), ["kms_master_key_id"])
}
