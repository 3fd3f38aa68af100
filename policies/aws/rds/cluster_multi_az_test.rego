package vigil.aws.rds.cluster_multi_az_test

import data.vigil.aws.rds.cluster_multi_az

res(attrs, unknown) := {"by_type": {"aws.rds.cluster": [{"id": "res.id", "type": "aws.rds.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"multi_az": true}, [])
	count(cluster_multi_az.deny) == 0 with input as inp
	count(cluster_multi_az.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := cluster_multi_az.deny with input as res({"multi_az": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == sprintf("RDS DB cluster %q is not deployed in multiple Availability Zones", ["res"])
	d.evidence["multi_az"] == false
}

test_absent_takes_the_documented_default if {
	count(cluster_multi_az.deny) == 1 with input as res({}, [])
	count(cluster_multi_az.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(cluster_multi_az.deny) == 1 with input as res({"multi_az": null}, [])
}

test_unknown_is_unknown if {
	inp := res({}, ["multi_az"])
	count(cluster_multi_az.deny) == 0 with input as inp
	unknowns := cluster_multi_az.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["multi_az"]
}
