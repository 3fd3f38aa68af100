package vigil.aws.elasticache.transit_encryption_test

import data.vigil.aws.elasticache.transit_encryption

res(attrs, unknown) := {"by_type": {"aws.elasticache.replication_group": [{"id": "res.id", "type": "aws.elasticache.replication_group", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"transit_encryption_enabled": true}, [])
	count(transit_encryption.deny) == 0 with input as inp
	count(transit_encryption.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := transit_encryption.deny with input as res({"transit_encryption_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "ElastiCache replication group \"res\" does not encrypt data in transit"
	d.evidence == {"transit_encryption_enabled": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(transit_encryption.deny) == 1 with input as inp
	count(transit_encryption.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["transit_encryption_enabled"])
	count(transit_encryption.deny) == 0 with input as inp
	unknowns := transit_encryption.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["transit_encryption_enabled"]
}
