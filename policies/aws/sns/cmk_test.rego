package vigil.aws.sns.cmk_test

import data.vigil.aws.sns.cmk

res(attrs, unknown) := {"by_type": {"aws.sns.topic": [{"id": "res.id", "type": "aws.sns.topic", "name": "res", "attributes": attrs, "unknown": unknown}]}}

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
	d.message == "SNS topic \"res\" is not encrypted with a customer managed KMS key"
	d.evidence == {"kms_master_key_id": null}
	count(cmk.deny) == 1 with input as res({}, [])
}

test_aws_managed_key_fails if {
	denies := cmk.deny with input as res({"kms_master_key_id": "alias/aws/sns"}, [])
	count(denies) == 1
	some d in denies
	d.message == "SNS topic \"res\" uses the AWS managed key \"alias/aws/sns\", not a customer managed key"
	count(cmk.deny) == 1 with input as res({"kms_master_key_id": "arn:aws:kms:eu-west-1:123456789012:alias/aws/sns"}, [])
}

test_unknown_is_unknown if {
	inp := res({"kms_master_key_id": null}, ["kms_master_key_id"])
	count(cmk.deny) == 0 with input as inp
	unknowns := cmk.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["kms_master_key_id"]
}
