package vigil.aws.rds.cluster_iam_auth_test

import data.vigil.aws.rds.cluster_iam_auth

res(attrs, unknown) := {"by_type": {"aws.rds.cluster": [{"id": "res.id", "type": "aws.rds.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"iam_database_authentication_enabled": true}, [])
	count(cluster_iam_auth.deny) == 0 with input as inp
	count(cluster_iam_auth.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := cluster_iam_auth.deny with input as res({"iam_database_authentication_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == sprintf("RDS DB cluster %q does not accept IAM database authentication", ["res"])
	d.evidence["iam_database_authentication_enabled"] == false
}

test_absent_takes_the_documented_default if {
	count(cluster_iam_auth.deny) == 1 with input as res({}, [])
	count(cluster_iam_auth.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(cluster_iam_auth.deny) == 1 with input as res({"iam_database_authentication_enabled": null}, [])
}

test_unknown_is_unknown if {
	inp := res({}, ["iam_database_authentication_enabled"])
	count(cluster_iam_auth.deny) == 0 with input as inp
	unknowns := cluster_iam_auth.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["iam_database_authentication_enabled"]
}
