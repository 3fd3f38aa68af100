package vigil.aws.elasticache.default_subnet_group_test

import data.vigil.aws.elasticache.default_subnet_group

res(attrs, unknown) := {"by_type": {"aws.elasticache.replication_group": [{"id": "res.id", "type": "aws.elasticache.replication_group", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_own_subnet_group_passes if {
	inp := res({"subnet_group_name": "cache-private"}, [])
	count(default_subnet_group.deny) == 0 with input as inp
	count(default_subnet_group.unknown) == 0 with input as inp
}

test_default_subnet_group_fails if {
	denies := default_subnet_group.deny with input as res({"subnet_group_name": "default"}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "ElastiCache replication group \"res\" is in the default subnet group"
	d.evidence == {"subnet_group_name": "default"}
}

test_absent_is_the_default_subnet_group if {
	count(default_subnet_group.deny) == 1 with input as res({}, [])
	count(default_subnet_group.deny) == 1 with input as res({"subnet_group_name": null}, [])
}

test_unknown_is_unknown if {
	inp := res({"subnet_group_name": null}, ["subnet_group_name"])
	count(default_subnet_group.deny) == 0 with input as inp
	unknowns := default_subnet_group.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["subnet_group_name"]
}
