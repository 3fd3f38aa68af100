package vigil.aws.s3.public_access_block_test

import data.vigil.aws.s3.public_access_block

bucket(pab, unknown) := {"by_type": {"aws.s3.bucket": [{
	"id": "aws_s3_bucket.site",
	"type": "aws.s3.bucket",
	"name": "site",
	"attributes": {"public_access_block": pab},
	"unknown": unknown,
}]}}

all_true := {
	"block_public_acls": true,
	"block_public_policy": true,
	"ignore_public_acls": true,
	"restrict_public_buckets": true,
	"configured": true,
}

test_all_true_passes if {
	count(public_access_block.deny) == 0 with input as bucket(all_true, [])
	count(public_access_block.unknown) == 0 with input as bucket(all_true, [])
}

test_not_configured_uses_2023_default if {
	inp := bucket({"configured": false}, [])
	count(public_access_block.deny) == 0 with input as inp
}

test_one_false_fails if {
	inp := bucket(object.union(all_true, {"restrict_public_buckets": false}), [])
	denies := public_access_block.deny with input as inp
	count(denies) == 1
	some d in denies
	d.message == "bucket \"site\" does not block public access: restrict_public_buckets not true"
	d.evidence["public_access_block.restrict_public_buckets"] == false
	d.evidence["public_access_block.block_public_acls"] == true
}

test_unknown_block if {
	inp := bucket(null, ["public_access_block"])
	count(public_access_block.deny) == 0 with input as inp
	unknowns := public_access_block.unknown with input as inp
	some u in unknowns
	count(u.missing) == 4
}

test_known_false_with_other_unknown_is_denied_only if {
	inp := bucket({"block_public_acls": false}, ["public_access_block.block_public_policy"])
	denies := public_access_block.deny with input as inp
	count(denies) == 1
	count(public_access_block.unknown) == 0 with input as inp
	some d in denies
	not "public_access_block.block_public_policy" in object.keys(d.evidence)
}

test_null_setting_takes_the_default if {
	inp := bucket(object.union(all_true, {"block_public_policy": null}), [])
	count(public_access_block.deny) == 0 with input as inp
	count(public_access_block.unknown) == 0 with input as inp
}

test_block_that_is_not_an_object_takes_the_defaults if {
	count(public_access_block.deny) == 0 with input as bucket("weird", [])
	count(public_access_block.deny) == 0 with input as {"by_type": {"aws.s3.bucket": [{"id": "b", "name": "b", "attributes": {}, "unknown": []}]}}
}

test_every_false_setting_is_named_in_order if {
	inp := bucket({"restrict_public_buckets": false, "block_public_acls": false, "ignore_public_acls": "no"}, [])
	denies := public_access_block.deny with input as inp
	some d in denies
	d.message == "bucket \"site\" does not block public access: block_public_acls, ignore_public_acls, restrict_public_buckets not true"
	d.evidence == {
		"public_access_block.block_public_acls": false,
		"public_access_block.block_public_policy": true,
		"public_access_block.ignore_public_acls": "no",
		"public_access_block.restrict_public_buckets": false,
	}
}

test_block_of_the_wrong_type_is_unknown if {
	every v in [5, "x", [true], true] {
		count(public_access_block.unknown) == 1 with input as bucket(v, [])
		count(public_access_block.deny) == 0 with input as bucket(v, [])
	}
}
