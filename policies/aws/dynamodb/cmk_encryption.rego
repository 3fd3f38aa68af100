# METADATA
# title: DynamoDB table is encrypted with a customer managed KMS key
# description: >-
#   A customer managed key lets the account control who may use the key (its key policy and grants), audit
#   each use and disable it; the AWS-owned and AWS managed keys allow none of that.
# custom:
#   id: DDB.4
#   severity: low
#   resource_types: [aws.dynamodb.table]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#   remediation: >-
#     Set server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.<name>.arn } on the
#     aws_dynamodb_table.
package vigil.aws.dynamodb.cmk_encryption

import data.vigil.lib

paths := ["server_side_encryption.enabled", "server_side_encryption.kms_key_arn"]

# kms_key_arn is null for the AWS managed key; absent encryption settings mean the AWS-owned key.
deny contains result if {
	some r in lib.resources("aws.dynamodb.table")
	not lib.is_set(key_arn(r))
	count(lib.unknown_paths_within(r, paths)) == 0
	enabled := lib.attribute(r, ["server_side_encryption", "enabled"], false)
	result := {
		"resource": r.id,
		"message": sprintf("DynamoDB table %q is not encrypted with a customer managed KMS key (%s)", [lib.label(r), key_kind(enabled)]),
		"evidence": {"server_side_encryption.enabled": enabled, "server_side_encryption.kms_key_arn": null},
	}
}

key_arn(r) := object.get(r.attributes, ["server_side_encryption", "kms_key_arn"], null)

key_kind(true) := "the AWS managed key"

key_kind(false) := "the AWS-owned key"

unknown contains result if {
	some r in lib.resources_with_unknown("aws.dynamodb.table")
	not lib.is_set(key_arn(r))
	missing := lib.unknown_paths_within(r, paths)
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("encryption key of DynamoDB table %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
