package vigil.aws.s3.encryption_test

import data.vigil.aws.s3.encryption

bucket(attrs, unknown) := {"by_type": {"aws.s3.bucket": [{
	"id": "aws_s3_bucket.data",
	"type": "aws.s3.bucket",
	"name": "data",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_explicit_kms_passes if {
	inp := bucket({"encryption": {"enabled": true, "algorithm": "aws:kms", "configured": true}}, [])
	count(encryption.deny) == 0 with input as inp
	count(encryption.unknown) == 0 with input as inp
}

test_platform_default_sse_s3_passes if {
	inp := bucket({"encryption": {"enabled": true, "algorithm": "AES256", "configured": false}}, [])
	count(encryption.deny) == 0 with input as inp
}

test_absent_block_is_the_2023_default if {
	inp := bucket({"bucket": "data"}, [])
	count(encryption.deny) == 0 with input as inp
	count(encryption.unknown) == 0 with input as inp
}

test_disabled_fails if {
	inp := bucket({"encryption": {"enabled": false, "configured": true}}, [])
	denies := encryption.deny with input as inp
	count(denies) == 1
	some d in denies
	d.message == "bucket \"data\" has default encryption at rest disabled"
	d.evidence["encryption.enabled"] == false
	d.evidence["encryption.configured"] == true
}

test_unknown_parent_reports_unknown if {
	inp := bucket({}, ["encryption"])
	count(encryption.deny) == 0 with input as inp
	unknowns := encryption.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["encryption.enabled"]
}

test_encryption_of_the_wrong_type_is_unknown if {
	every v in [5, "x", [], true] {
		count(encryption.unknown) == 1 with input as bucket({"encryption": v}, [])
	}
	count(encryption.unknown) == 1 with input as bucket({"encryption": {"enabled": "yes"}}, [])
}
