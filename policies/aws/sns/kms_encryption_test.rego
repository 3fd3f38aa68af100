package vigil.aws.sns.kms_encryption_test

import data.vigil.aws.sns.kms_encryption

res(attrs, unknown) := {"by_type": {"aws.sns.topic": [{"id": "res.id", "type": "aws.sns.topic", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"kms_master_key_id": "arn:aws:kms:eu-west-1:123456789012:key/k-1"}, [])
	count(kms_encryption.deny) == 0 with input as inp
	count(kms_encryption.unknown) == 0 with input as inp
	count(kms_encryption.deny) == 0 with input as res({"kms_master_key_id": "aws_kms_key.data"}, [])
}

test_no_key_fails if {
	denies := kms_encryption.deny with input as res({"kms_master_key_id": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "SNS topic \"res\" is not encrypted at rest with a KMS key"
	d.evidence == {"kms_master_key_id": null}
	count(kms_encryption.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"kms_master_key_id": null}, ["kms_master_key_id"])
	count(kms_encryption.deny) == 0 with input as inp
	unknowns := kms_encryption.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["kms_master_key_id"]
}
