package vigil.aws.s3.kms_encryption_test

import data.vigil.aws.s3.kms_encryption

bucket(attrs, unknown) := {"by_type": {"aws.s3.bucket": [{
	"id": "aws_s3_bucket.data",
	"type": "aws.s3.bucket",
	"name": "data",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_kms_passes if {
	inp := bucket({"encryption": {"enabled": true, "algorithm": "aws:kms", "kms_key_id": "aws_kms_key.s3", "configured": true}}, [])
	count(kms_encryption.deny) == 0 with input as inp
	count(kms_encryption.unknown) == 0 with input as inp
}

test_dsse_passes if {
	inp := bucket({"encryption": {"enabled": true, "algorithm": "aws:kms:dsse", "configured": true}}, [])
	count(kms_encryption.deny) == 0 with input as inp
}

test_sse_s3_fails if {
	inp := bucket({"encryption": {"enabled": true, "algorithm": "AES256", "configured": true}}, [])
	denies := kms_encryption.deny with input as inp
	count(denies) == 1
	some d in denies
	d.message == "bucket \"data\" encrypts with \"AES256\" instead of a KMS key"
	d.evidence["encryption.algorithm"] == "AES256"
}

test_absent_block_is_sse_s3_default_and_fails if {
	inp := bucket({}, [])
	denies := kms_encryption.deny with input as inp
	some d in denies
	d.evidence["encryption.configured"] == false
}

test_disabled_fails if {
	inp := bucket({"encryption": {"enabled": false}}, [])
	denies := kms_encryption.deny with input as inp
	count(denies) == 1
	some d in denies
	d.evidence["encryption.enabled"] == false
}

test_unknown_algorithm if {
	inp := bucket({"encryption": {"enabled": true, "algorithm": null}}, ["encryption.algorithm"])
	count(kms_encryption.deny) == 0 with input as inp
	unknowns := kms_encryption.unknown with input as inp
	some u in unknowns
	u.missing == ["encryption.algorithm"]
}

test_known_disabled_wins_over_unknown_algorithm if {
	inp := bucket({"encryption": {"enabled": false}}, ["encryption.algorithm"])
	count(kms_encryption.deny) == 1 with input as inp
	count(kms_encryption.unknown) == 0 with input as inp
}

test_null_algorithm_takes_the_sse_s3_default if {
	denies := kms_encryption.deny with input as bucket({"encryption": {"enabled": true, "algorithm": null}}, [])
	some d in denies
	d.message == "bucket \"data\" encrypts with \"AES256\" instead of a KMS key"
	d.evidence == {"encryption.enabled": true, "encryption.algorithm": "AES256", "encryption.configured": false}
}

test_null_enabled_takes_the_default if {
	count(kms_encryption.deny) == 0 with input as bucket({"encryption": {"enabled": null, "algorithm": "aws:kms"}}, [])
}
