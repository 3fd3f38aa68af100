package vigil.aws.elasticache.snapshot_retention_test

import data.vigil.aws.elasticache.snapshot_retention

res(attrs, unknown) := {"by_type": {"aws.elasticache.replication_group": [{"id": "res.id", "type": "aws.elasticache.replication_group", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"snapshot_retention_limit": 7}, [])
	count(snapshot_retention.deny) == 0 with input as inp
	count(snapshot_retention.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := snapshot_retention.deny with input as res({"snapshot_retention_limit": 3}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "ElastiCache replication group \"res\" keeps automatic snapshots for 3 days (minimum 7)"
	d.evidence == {"snapshot_retention_limit": 3}
}

test_absent_takes_the_documented_default if {
	denies := snapshot_retention.deny with input as res({}, [])
	count(denies) == 1
	some d in denies
	d.evidence == {"snapshot_retention_limit": 0}
}

test_wrong_type_is_not_a_pass if {
	count(snapshot_retention.deny) == 1 with input as res({"snapshot_retention_limit": "35"}, [])
}

test_unknown_is_unknown if {
	inp := res({"snapshot_retention_limit": null}, ["snapshot_retention_limit"])
	count(snapshot_retention.deny) == 0 with input as inp
	unknowns := snapshot_retention.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["snapshot_retention_limit"]
}
