package aws

import "github.com/vigil-audit/vigil/inventory"

// adaptDynamoDB maps aws_dynamodb_table.
func adaptDynamoDB(ix *index) []*res {
	var out []*res
	for _, b := range ix.managed("aws_dynamodb_table") {
		r := newRes(b, inventory.TypeDynamoDBTable)
		r.nameFrom("name", "name")
		r.f.str("billing_mode", b, "billing_mode", "PROVISIONED")
		r.f.boolean("point_in_time_recovery.enabled", b, "point_in_time_recovery.0.enabled", false)
		// Without server_side_encryption, or with it disabled, the table uses the AWS-owned key.
		r.f.boolean("server_side_encryption.enabled", b, "server_side_encryption.0.enabled", false)
		r.f.str("server_side_encryption.kms_key_arn", b, "server_side_encryption.0.kms_key_arn", nil)
		r.f.boolean("deletion_protection", b, "deletion_protection_enabled", false)
		out = append(out, r)
	}
	return out
}
