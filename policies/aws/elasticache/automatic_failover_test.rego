package vigil.aws.elasticache.automatic_failover_test

import data.vigil.aws.elasticache.automatic_failover

res(attrs, unknown) := {"by_type": {"aws.elasticache.replication_group": [{"id": "res.id", "type": "aws.elasticache.replication_group", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"automatic_failover_enabled": true}, [])
	count(automatic_failover.deny) == 0 with input as inp
	count(automatic_failover.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := automatic_failover.deny with input as res({"automatic_failover_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "ElastiCache replication group \"res\" has no automatic failover"
	d.evidence == {"automatic_failover_enabled": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(automatic_failover.deny) == 1 with input as inp
	count(automatic_failover.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["automatic_failover_enabled"])
	count(automatic_failover.deny) == 0 with input as inp
	unknowns := automatic_failover.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["automatic_failover_enabled"]
}
