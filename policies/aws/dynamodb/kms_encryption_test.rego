package vigil.aws.dynamodb.kms_encryption_test

import data.vigil.aws.dynamodb.kms_encryption

table(attrs, unknown) := {"by_type": {"aws.dynamodb.table": [{"id": "aws_dynamodb_table.orders", "type": "aws.dynamodb.table", "name": "orders", "attributes": attrs, "unknown": unknown}]}}

test_customer_key_passes if {
	inp := table({"server_side_encryption": {"enabled": true, "kms_key_arn": "aws_kms_key.ddb"}}, [])
	count(kms_encryption.deny) == 0 with input as inp
	count(kms_encryption.unknown) == 0 with input as inp
}

test_aws_managed_key_passes if {
	count(kms_encryption.deny) == 0 with input as table({"server_side_encryption": {"enabled": true, "kms_key_arn": null}}, [])
}

test_aws_owned_key_fails if {
	denies := kms_encryption.deny with input as table({"server_side_encryption": {"enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.message == "DynamoDB table \"orders\" is encrypted with the AWS-owned key, not a KMS key"
	d.evidence["server_side_encryption.enabled"] == false
}

test_absent_is_aws_owned_default if {
	count(kms_encryption.deny) == 1 with input as table({"billing_mode": "PAY_PER_REQUEST"}, [])
}

test_unknown_key_arn_does_not_matter_once_enabled if {
	inp := table({"server_side_encryption": {"enabled": true, "kms_key_arn": null}}, ["server_side_encryption.kms_key_arn"])
	count(kms_encryption.deny) == 0 with input as inp
	count(kms_encryption.unknown) == 0 with input as inp
}

test_unknown if {
	inp := table({}, ["server_side_encryption"])
	count(kms_encryption.deny) == 0 with input as inp
	count(kms_encryption.unknown) == 1 with input as inp
}
