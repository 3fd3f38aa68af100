package vigil.aws.rds.instance_iam_auth_test

import data.vigil.aws.rds.instance_iam_auth

res(attrs, unknown) := {"by_type": {"aws.rds.instance": [{"id": "res.id", "type": "aws.rds.instance", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"iam_database_authentication_enabled": true}, [])
	count(instance_iam_auth.deny) == 0 with input as inp
	count(instance_iam_auth.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := instance_iam_auth.deny with input as res({"iam_database_authentication_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == sprintf("RDS DB instance %q does not accept IAM database authentication", ["res"])
	d.evidence["iam_database_authentication_enabled"] == false
}

test_absent_takes_the_documented_default if {
	count(instance_iam_auth.deny) == 1 with input as res({}, [])
	count(instance_iam_auth.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(instance_iam_auth.deny) == 1 with input as res({"iam_database_authentication_enabled": null}, [])
}

test_unknown_is_unknown if {
	inp := res({}, ["iam_database_authentication_enabled"])
	count(instance_iam_auth.deny) == 0 with input as inp
	unknowns := instance_iam_auth.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["iam_database_authentication_enabled"]
}

test_cluster_member_is_judged_on_its_cluster if {
	inp := res({"cluster_identifier": "aws_rds_cluster.ledger", "iam_database_authentication_enabled": false}, [])
	count(instance_iam_auth.deny) == 0 with input as inp
	count(instance_iam_auth.unknown) == 0 with input as inp
	count(instance_iam_auth.not_applicable) == 1 with input as inp
}

test_unknown_cluster_is_unknown if {
	inp := res({"cluster_identifier": null, "iam_database_authentication_enabled": false}, ["cluster_identifier"])
	count(instance_iam_auth.deny) == 0 with input as inp
	unknowns := instance_iam_auth.unknown with input as inp
	some u in unknowns
	u.missing == ["cluster_identifier"]
}
