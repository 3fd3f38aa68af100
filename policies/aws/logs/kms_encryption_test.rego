package vigil.aws.logs.kms_encryption_test

import data.vigil.aws.logs.kms_encryption as rule

inp(attrs, unknown) := {"by_type": {"aws.logs.log_group": [{"id": "g", "type": "aws.logs.log_group", "name": "app", "attributes": attrs, "unknown": unknown}]}}

test_key_passes if {
	count(rule.deny) == 0 with input as inp({"kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/k"}, [])
	count(rule.unknown) == 0 with input as inp({"kms_key_id": "aws_kms_key.logs"}, [])
}

test_no_key_fails if {
	count(rule.deny) == 1 with input as inp({"kms_key_id": null}, [])
	count(rule.deny) == 1 with input as inp({"kms_key_id": ""}, [])
	count(rule.deny) == 1 with input as inp({}, [])
}

test_unknown_is_unknown if {
	count(rule.deny) == 0 with input as inp({"kms_key_id": null}, ["kms_key_id"])
	count(rule.unknown) == 1 with input as inp({"kms_key_id": null}, ["kms_key_id"])
}
