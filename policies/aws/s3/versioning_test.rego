package vigil.aws.s3.versioning_test

import data.vigil.aws.s3.versioning

bucket(attrs, unknown) := {"by_type": {"aws.s3.bucket": [{
	"id": "aws_s3_bucket.logs",
	"type": "aws.s3.bucket",
	"name": "logs",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_enabled_passes if {
	inp := bucket({"versioning": {"enabled": true, "configured": true}}, [])
	count(versioning.deny) == 0 with input as inp
	count(versioning.unknown) == 0 with input as inp
}

test_disabled_fails if {
	inp := bucket({"versioning": {"enabled": false, "configured": true}}, [])
	denies := versioning.deny with input as inp
	count(denies) == 1
	some d in denies
	d.resource == "aws_s3_bucket.logs"
	d.message == "bucket \"logs\" has versioning disabled"
	d.evidence["versioning.enabled"] == false
	count(versioning.unknown) == 0 with input as inp
}

test_absent_versioning_is_the_aws_default_disabled if {
	inp := bucket({"bucket": "logs"}, [])
	count(versioning.deny) == 1 with input as inp
}

test_unknown_parent_path_reports_unknown if {
	inp := bucket({}, ["versioning"])
	count(versioning.deny) == 0 with input as inp
	unknowns := versioning.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["versioning.enabled"]
	u.resource == "aws_s3_bucket.logs"
}

test_other_types_are_ignored if {
	inp := {"by_type": {"aws.efs.file_system": [{"id": "x", "name": "x", "attributes": {}, "unknown": []}]}}
	count(versioning.deny) == 0 with input as inp
	count(versioning.unknown) == 0 with input as inp
}
