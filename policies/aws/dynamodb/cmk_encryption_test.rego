package vigil.aws.dynamodb.cmk_encryption_test

import data.vigil.aws.dynamodb.cmk_encryption

table(attrs, unknown) := {"by_type": {"aws.dynamodb.table": [{"id": "aws_dynamodb_table.t", "type": "aws.dynamodb.table", "name": "t", "attributes": attrs, "unknown": unknown}]}}

test_customer_key_passes if {
	inp := table({"server_side_encryption": {"enabled": true, "kms_key_arn": "aws_kms_key.k"}}, [])
	count(cmk_encryption.deny) == 0 with input as inp
	count(cmk_encryption.unknown) == 0 with input as inp
}

test_aws_managed_key_fails if {
	denies := cmk_encryption.deny with input as table({"server_side_encryption": {"enabled": true, "kms_key_arn": null}}, [])
	some d in denies
	d.message == "DynamoDB table \"t\" is not encrypted with a customer managed KMS key (the AWS managed key)"
}

test_absent_means_aws_owned_key if {
	denies := cmk_encryption.deny with input as table({}, [])
	some d in denies
	d.message == "DynamoDB table \"t\" is not encrypted with a customer managed KMS key (the AWS-owned key)"
	count(cmk_encryption.unknown) == 0 with input as table({}, [])
}

test_unknown_key_is_unknown if {
	inp := table({"server_side_encryption": {"enabled": true, "kms_key_arn": null}}, ["server_side_encryption.kms_key_arn"])
	count(cmk_encryption.deny) == 0 with input as inp
	unknowns := cmk_encryption.unknown with input as inp
	some u in unknowns
	u.missing == ["server_side_encryption.kms_key_arn"]
}
