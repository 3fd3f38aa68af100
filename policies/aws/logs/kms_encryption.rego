# METADATA
# title: CloudWatch Logs group is encrypted with a KMS key
# description: >-
#   The log group's events are encrypted with a customer managed KMS key rather than only CloudWatch Logs'
#   own encryption, so reading them needs kms:Decrypt on a key whose policy the account controls and whose
#   use CloudTrail records.
# custom:
#   id: LOGS.3
#   severity: low
#   resource_types: [aws.logs.log_group]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set kms_key_id on the aws_cloudwatch_log_group to a customer managed aws_kms_key whose key policy
#     allows the logs.<region>.amazonaws.com service principal to use it.
package vigil.aws.logs.kms_encryption

import data.vigil.lib

deny contains result if {
	some g in lib.resources("aws.logs.log_group")
	not lib.is_unknown(g, "kms_key_id")
	not lib.is_set(lib.value(g, "kms_key_id", null))
	result := lib.failure(g, sprintf("log group %q is not encrypted with a KMS key", [lib.label(g)]), {"kms_key_id": lib.value(g, "kms_key_id", null)})
}

unknown contains result if {
	some g in lib.resources_with_unknown("aws.logs.log_group")
	lib.is_unknown(g, "kms_key_id")
	result := lib.unknown_result(g, sprintf("KMS key of log group %q is unknown", [lib.label(g)]), ["kms_key_id"])
}
