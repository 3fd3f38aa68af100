package vigil.aws.ecr.kms_encryption_test

import data.vigil.aws.ecr.kms_encryption

res(attrs, unknown) := {"by_type": {"aws.ecr.repository": [{"id": "res.id", "type": "aws.ecr.repository", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_kms_passes if {
	count(kms_encryption.deny) == 0 with input as res({"encryption": {"type": "KMS", "kms_key": null}}, [])
	count(kms_encryption.deny) == 0 with input as res({"encryption": {"type": "KMS_DSSE", "kms_key": "k"}}, [])
}

test_aes_fails if {
	denies := kms_encryption.deny with input as res({"encryption": {"type": "AES256"}}, [])
	count(denies) == 1
	some d in denies
	d.message == "ECR repository \"res\" is encrypted with AES256, not a KMS key"
	d.evidence == {"encryption.type": "AES256"}
	count(kms_encryption.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"encryption": {"type": null}}, ["encryption"])
	count(kms_encryption.deny) == 0 with input as inp
	count(kms_encryption.unknown) == 1 with input as inp
}
