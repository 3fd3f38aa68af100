package vigil.aws.elasticache.at_rest_encryption_test

import data.vigil.aws.elasticache.at_rest_encryption

res(attrs, unknown) := {"by_type": {"aws.elasticache.replication_group": [{"id": "res.id", "type": "aws.elasticache.replication_group", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"at_rest_encryption_enabled": true}, [])
	count(at_rest_encryption.deny) == 0 with input as inp
	count(at_rest_encryption.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := at_rest_encryption.deny with input as res({"at_rest_encryption_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "ElastiCache replication group \"res\" is not encrypted at rest"
	d.evidence == {"at_rest_encryption_enabled": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(at_rest_encryption.deny) == 1 with input as inp
	count(at_rest_encryption.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["at_rest_encryption_enabled"])
	count(at_rest_encryption.deny) == 0 with input as inp
	unknowns := at_rest_encryption.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["at_rest_encryption_enabled"]
}
