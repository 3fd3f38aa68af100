# METADATA
# title: DynamoDB table is encrypted with a KMS key
# description: >-
#   The table is encrypted with a KMS key (the AWS managed aws/dynamodb key or a customer managed key)
#   instead of the default AWS-owned key, so use of the key is visible in CloudTrail and access to it can
#   be governed by a key policy.
# custom:
#   id: DDB.2
#   severity: low
#   resource_types: [aws.dynamodb.table]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Add server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.<key>.arn } to the
#     aws_dynamodb_table (omit kms_key_arn to use the AWS managed key).
package vigil.aws.dynamodb.kms_encryption

import data.vigil.lib

# Absent means the default: the AWS-owned key.
deny contains result if {
	some r in lib.resources("aws.dynamodb.table")
	not r.attributes.server_side_encryption.enabled == true
	not lib.is_unknown(r, "server_side_encryption.enabled")
	enabled := lib.attribute(r, ["server_side_encryption", "enabled"], false)
	result := {
		"resource": r.id,
		"message": sprintf("DynamoDB table %q is encrypted with the AWS-owned key, not a KMS key", [lib.label(r)]),
		"evidence": {"server_side_encryption.enabled": enabled},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.dynamodb.table")
	lib.is_unknown(r, "server_side_encryption.enabled")
	result := {
		"resource": r.id,
		"message": sprintf("encryption key of DynamoDB table %q is unknown", [lib.label(r)]),
		"missing": ["server_side_encryption.enabled"],
	}
}
