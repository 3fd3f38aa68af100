package vigil.aws.sqs.cmk_test

import data.vigil.aws.sqs.cmk

res(attrs, unknown) := {"by_type": {"aws.sqs.queue": [{"id": "res.id", "type": "aws.sqs.queue", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"kms_master_key_id": "arn:aws:kms:eu-west-1:123456789012:key/k-1"}, [])
	count(cmk.deny) == 0 with input as inp
	count(cmk.unknown) == 0 with input as inp
	count(cmk.deny) == 0 with input as res({"kms_master_key_id": "aws_kms_key.data"}, [])
}

test_no_key_fails if {
	denies := cmk.deny with input as res({"kms_master_key_id": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "SQS queue \"res\" is not encrypted with a customer managed KMS key"
	d.evidence == {"kms_master_key_id": null}
	count(cmk.deny) == 1 with input as res({}, [])
}

test_aws_managed_key_fails if {
	denies := cmk.deny with input as res({"kms_master_key_id": "alias/aws/sqs"}, [])
	count(denies) == 1
	some d in denies
	d.message == "SQS queue \"res\" uses the AWS managed key \"alias/aws/sqs\", not a customer managed key"
	count(cmk.deny) == 1 with input as res({"kms_master_key_id": "arn:aws:kms:eu-west-1:123456789012:alias/aws/sqs"}, [])
}

test_unknown_is_unknown if {
	inp := res({"kms_master_key_id": null}, ["kms_master_key_id"])
	count(cmk.deny) == 0 with input as inp
	unknowns := cmk.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["kms_master_key_id"]
}
