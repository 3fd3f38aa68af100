package vigil.aws.s3.public_acl_test

import data.vigil.aws.s3.public_acl

bucket(attrs, unknown) := {"by_type": {"aws.s3.bucket": [{
	"id": "aws_s3_bucket.www",
	"type": "aws.s3.bucket",
	"name": "www",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_private_passes if {
	count(public_acl.deny) == 0 with input as bucket({"acl": "private"}, [])
	count(public_acl.unknown) == 0 with input as bucket({"acl": "private"}, [])
}

test_no_acl_passes if {
	count(public_acl.deny) == 0 with input as bucket({"acl": null}, [])
	count(public_acl.deny) == 0 with input as bucket({}, [])
}

test_public_read_fails if {
	denies := public_acl.deny with input as bucket({"acl": "public-read"}, [])
	count(denies) == 1
	some d in denies
	d.message == "bucket \"www\" has the public canned ACL \"public-read\""
	d.evidence.acl == "public-read"
}

test_authenticated_read_fails if {
	count(public_acl.deny) == 1 with input as bucket({"acl": "authenticated-read"}, [])
}

test_log_delivery_write_passes if {
	count(public_acl.deny) == 0 with input as bucket({"acl": "log-delivery-write"}, [])
}

test_unknown_acl if {
	inp := bucket({"acl": null}, ["acl"])
	count(public_acl.deny) == 0 with input as inp
	count(public_acl.unknown) == 1 with input as inp
}
