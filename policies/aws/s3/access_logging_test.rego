package vigil.aws.s3.access_logging_test

import data.vigil.aws.s3.access_logging

bucket(attrs, unknown) := {"by_type": {"aws.s3.bucket": [{
	"id": "aws_s3_bucket.data",
	"type": "aws.s3.bucket",
	"name": "data",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_enabled_passes if {
	inp := bucket({"logging": {"enabled": true, "target_bucket": "aws_s3_bucket.logs", "target_prefix": "data/"}}, [])
	count(access_logging.deny) == 0 with input as inp
	count(access_logging.unknown) == 0 with input as inp
}

test_disabled_fails if {
	inp := bucket({"logging": {"enabled": false, "target_bucket": null}}, [])
	denies := access_logging.deny with input as inp
	count(denies) == 1
	some d in denies
	d.message == "bucket \"data\" has server access logging disabled"
	d.evidence == {"logging.enabled": false}
}

test_absent_fails if {
	count(access_logging.deny) == 1 with input as bucket({}, [])
}

test_unknown_target_does_not_block_verdict if {
	inp := bucket({"logging": {"enabled": true, "target_bucket": null}}, ["logging.target_bucket"])
	count(access_logging.deny) == 0 with input as inp
	count(access_logging.unknown) == 0 with input as inp
}

test_unknown_logging if {
	inp := bucket({}, ["logging"])
	count(access_logging.deny) == 0 with input as inp
	count(access_logging.unknown) == 1 with input as inp
}
