package vigil.aws.rds.instance_multi_az_test

import data.vigil.aws.rds.instance_multi_az

db(attrs, unknown) := {"by_type": {"aws.rds.instance": [{"id": "aws_db_instance.main", "type": "aws.rds.instance", "name": "main", "attributes": attrs, "unknown": unknown}]}}

test_multi_az_passes if {
	inp := db({"multi_az": true}, [])
	count(instance_multi_az.deny) == 0 with input as inp
	count(instance_multi_az.unknown) == 0 with input as inp
}

test_single_az_fails if {
	denies := instance_multi_az.deny with input as db({"multi_az": false}, [])
	count(denies) == 1
	some d in denies
	d.message == "DB instance \"main\" runs in a single Availability Zone (multi_az false)"
	d.evidence.multi_az == false
}

test_default_is_single_az if {
	count(instance_multi_az.deny) == 1 with input as db({}, [])
}

test_aurora_member_is_out_of_scope if {
	count(instance_multi_az.deny) == 0 with input as db({"multi_az": false, "cluster_identifier": "aws_rds_cluster.a"}, [])
}

test_unknown if {
	inp := db({}, ["multi_az"])
	count(instance_multi_az.deny) == 0 with input as inp
	count(instance_multi_az.unknown) == 1 with input as inp
}

test_cluster_member_is_not_applicable if {
	inp := db({"cluster_identifier": "aws_rds_cluster.a"}, [])
	count(instance_multi_az.deny) == 0 with input as inp
	count(instance_multi_az.unknown) == 0 with input as inp
	instance_multi_az.not_applicable == {{
		"resource": "aws_db_instance.main",
		"message": "DB instance \"main\" is a member of Aurora cluster aws_rds_cluster.a: Multi-AZ availability is the cluster's",
	}} with input as inp
}

test_standalone_instance_is_applicable if {
	count(instance_multi_az.not_applicable) == 0 with input as db({}, [])
}

test_unknown_cluster_identifier_is_not_not_applicable if {
	count(instance_multi_az.not_applicable) == 0 with input as db({}, ["cluster_identifier"])
}
