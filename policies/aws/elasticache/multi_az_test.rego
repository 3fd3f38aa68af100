package vigil.aws.elasticache.multi_az_test

import data.vigil.aws.elasticache.multi_az

res(attrs, unknown) := {"by_type": {"aws.elasticache.replication_group": [{"id": "res.id", "type": "aws.elasticache.replication_group", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"multi_az_enabled": true}, [])
	count(multi_az.deny) == 0 with input as inp
	count(multi_az.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := multi_az.deny with input as res({"multi_az_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "ElastiCache replication group \"res\" is not Multi-AZ"
	d.evidence == {"multi_az_enabled": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(multi_az.deny) == 1 with input as inp
	count(multi_az.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["multi_az_enabled"])
	count(multi_az.deny) == 0 with input as inp
	unknowns := multi_az.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["multi_az_enabled"]
}
