package vigil.aws.elasticache.auth_test

import data.vigil.aws.elasticache.auth

res(attrs, unknown) := {"by_type": {"aws.elasticache.replication_group": [{"id": "res.id", "type": "aws.elasticache.replication_group", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_token_or_user_group_passes if {
	inp := res({"auth_token_enabled": true, "user_group_ids": []}, [])
	count(auth.deny) == 0 with input as inp
	count(auth.unknown) == 0 with input as inp
	count(auth.deny) == 0 with input as res({"auth_token_enabled": false, "user_group_ids": ["app-users"]}, [])
}

test_no_authentication_fails if {
	denies := auth.deny with input as res({"auth_token_enabled": false, "user_group_ids": []}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "ElastiCache replication group \"res\" lets clients in without authentication (no AUTH token, no RBAC user group)"
	d.evidence == {"auth_token_enabled": false, "user_group_ids": []}
	count(auth.deny) == 1 with input as res({}, [])
}

test_unknown_groups_are_unknown if {
	inp := res({"auth_token_enabled": false, "user_group_ids": null}, ["user_group_ids"])
	count(auth.deny) == 0 with input as inp
	unknowns := auth.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["user_group_ids"]
}

test_known_token_beside_unknown_groups_passes if {
	inp := res({"auth_token_enabled": true, "user_group_ids": null}, ["user_group_ids"])
	count(auth.deny) == 0 with input as inp
	count(auth.unknown) == 0 with input as inp
}
