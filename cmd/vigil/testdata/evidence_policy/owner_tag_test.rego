package custom.owner_tag_test

import data.custom.owner_tag

test_untagged_bucket_denied if {
	count(owner_tag.deny) == 1 with input as {"by_type": {"aws.s3.bucket": [{"id": "b", "tags": {}}]}}
}
