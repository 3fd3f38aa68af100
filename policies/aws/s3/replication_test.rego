package vigil.aws.s3.replication_test

import data.vigil.aws.s3.replication

bucket(attrs, unknown) := {"by_type": {"aws.s3.bucket": [{
	"id": "aws_s3_bucket.data",
	"type": "aws.s3.bucket",
	"name": "data",
	"attributes": object.union({"bucket": "data"}, attrs),
	"unknown": unknown,
}]}}

test_replicated_passes if {
	inp := bucket({"replication": {"enabled": true, "destinations": ["aws_s3_bucket.data_replica"]}}, [])
	count(replication.deny) == 0 with input as inp
	count(replication.unknown) == 0 with input as inp
}

test_no_replication_fails if {
	denies := replication.deny with input as bucket({}, [])
	count(denies) == 1
	some d in denies
	d.message == "bucket \"data\" has no enabled replication rule"
	d.evidence["replication.enabled"] == false
}

test_enabled_without_destination_fails if {
	denies := replication.deny with input as bucket({"replication": {"enabled": true, "destinations": []}}, [])
	count(denies) == 1
	some d in denies
	d.evidence["replication.destinations"] == []
}

test_unknown_destination if {
	inp := bucket({"replication": {"enabled": true, "destinations": null}}, ["replication.destinations"])
	count(replication.deny) == 0 with input as inp
	unknowns := replication.unknown with input as inp
	some u in unknowns
	u.missing == ["replication.destinations"]
}

test_unknown_but_known_disabled_is_denied_only if {
	inp := bucket({"replication": {"enabled": false}}, ["replication.destinations"])
	count(replication.deny) == 1 with input as inp
	count(replication.unknown) == 0 with input as inp
}

test_destinations_of_the_wrong_type_fail if {
	every d in [{"to": "aws_s3_bucket.other"}, "aws_s3_bucket.other", [5]] {
		count(replication.deny) == 1 with input as bucket({"replication": {"enabled": true, "destinations": d}}, [])
	}
}
