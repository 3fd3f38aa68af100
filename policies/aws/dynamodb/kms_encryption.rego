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
#   remediation: >-
#     Add server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.<key>.arn } to the
#     aws_dynamodb_table (omit kms_key_arn to use the AWS managed key).
package vigil.aws.dynamodb.kms_encryption

import data.vigil.lib

path := "server_side_encryption.enabled"

# Absent means the default: the AWS-owned key.
deny contains result if {
	some r in lib.resources("aws.dynamodb.table")
	not lib.is_unknown(r, path)
	enabled := lib.value(r, path, false)
	enabled != true
	result := lib.failure(
		r,
		sprintf("DynamoDB table %q is encrypted with the AWS-owned key, not a KMS key", [lib.label(r)]),
		{path: enabled},
	)
}

unknown contains result if {
	some r in lib.resources("aws.dynamodb.table")
	lib.is_unknown(r, path)
	result := lib.unknown_result(
		r,
		sprintf("encryption key of DynamoDB table %q is unknown", [lib.label(r)]),
		[path],
	)
}
