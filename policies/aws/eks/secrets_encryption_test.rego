package vigil.aws.eks.secrets_encryption_test

import data.vigil.aws.eks.secrets_encryption

res(attrs, unknown) := {"by_type": {"aws.eks.cluster": [{"id": "res.id", "type": "aws.eks.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_encrypted_passes if {
	count(secrets_encryption.deny) == 0 with input as res({"secrets_encryption": {"kms_key_arn": "arn:aws:kms:eu-west-1:1:key/k"}}, [])
}

test_unencrypted_fails if {
	denies := secrets_encryption.deny with input as res({"secrets_encryption": {"kms_key_arn": null}}, [])
	count(denies) == 1
	some d in denies
	d.message == "EKS cluster \"res\" does not encrypt Kubernetes secrets with a KMS key"
	count(secrets_encryption.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"secrets_encryption": {"kms_key_arn": null}}, ["secrets_encryption.kms_key_arn"])
	count(secrets_encryption.deny) == 0 with input as inp
	count(secrets_encryption.unknown) == 1 with input as inp
}
