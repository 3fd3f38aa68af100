package vigil.aws.account.s3_public_access_block_test

import data.vigil.aws.account.s3_public_access_block

account(attrs, unknown) := {"by_type": {"aws.account": [{
	"id": "arn:aws:iam::123456789012:root",
	"type": "aws.account",
	"name": "123456789012",
	"account": "123456789012",
	"attributes": attrs,
	"unknown": unknown,
}]}}

all_on := {
	"block_public_acls": true,
	"block_public_policy": true,
	"ignore_public_acls": true,
	"restrict_public_buckets": true,
	"configured": true,
}

test_all_on_passes if {
	inp := account({"s3_public_access_block": all_on}, [])
	count(s3_public_access_block.deny) == 0 with input as inp
	count(s3_public_access_block.unknown) == 0 with input as inp
}

test_one_off_fails if {
	denies := s3_public_access_block.deny with input as account({"s3_public_access_block": object.union(all_on, {"restrict_public_buckets": false})}, [])
	count(denies) == 1
	some d in denies
	d.message == "account \"123456789012\" does not block public access to S3: restrict_public_buckets not true"
	d.evidence["s3_public_access_block.restrict_public_buckets"] == false
	d.evidence["s3_public_access_block.block_public_acls"] == true
}

test_not_configured_fails if {
	none := {"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": false, "restrict_public_buckets": false, "configured": false}
	denies := s3_public_access_block.deny with input as account({"s3_public_access_block": none}, [])
	count(denies) == 1
	some d in denies
	count(d.evidence) == 4
}

test_unknown_is_unknown if {
	inp := account({}, ["s3_public_access_block"])
	count(s3_public_access_block.deny) == 0 with input as inp
	unknowns := s3_public_access_block.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	count(u.missing) == 4
}

test_not_collected_is_unknown_never_a_pass if {
	inp := account({"root_mfa_enabled": true}, [])
	count(s3_public_access_block.deny) == 0 with input as inp
	count(s3_public_access_block.unknown) == 1 with input as inp
}

test_known_off_wins_over_unknown if {
	inp := account({"s3_public_access_block": {"block_public_acls": false}}, ["s3_public_access_block.ignore_public_acls"])
	count(s3_public_access_block.deny) == 1 with input as inp
	count(s3_public_access_block.unknown) == 0 with input as inp
}
