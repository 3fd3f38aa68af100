package vigil.aws.rds.instance_deletion_protection_test

import data.vigil.aws.rds.instance_deletion_protection

db(attrs, unknown) := {"by_type": {"aws.rds.instance": [{"id": "aws_db_instance.main", "type": "aws.rds.instance", "name": "main", "attributes": attrs, "unknown": unknown}]}}

test_protected_passes if {
	inp := db({"deletion_protection": true}, [])
	count(instance_deletion_protection.deny) == 0 with input as inp
	count(instance_deletion_protection.unknown) == 0 with input as inp
}

test_unprotected_fails if {
	denies := instance_deletion_protection.deny with input as db({"deletion_protection": false}, [])
	count(denies) == 1
	some d in denies
	d.message == "DB instance \"main\" has deletion protection disabled"
	d.evidence.deletion_protection == false
}

test_default_is_off if {
	count(instance_deletion_protection.deny) == 1 with input as db({}, [])
}

test_aurora_member_is_out_of_scope if {
	count(instance_deletion_protection.deny) == 0 with input as db({"cluster_identifier": "aws_rds_cluster.a"}, [])
}

test_unknown if {
	inp := db({}, ["deletion_protection"])
	count(instance_deletion_protection.deny) == 0 with input as inp
	count(instance_deletion_protection.unknown) == 1 with input as inp
}

test_cluster_member_is_not_applicable if {
	inp := db({"cluster_identifier": "aws_rds_cluster.a"}, [])
	count(instance_deletion_protection.deny) == 0 with input as inp
	count(instance_deletion_protection.unknown) == 0 with input as inp
	instance_deletion_protection.not_applicable == {{
		"resource": "aws_db_instance.main",
		"message": "DB instance \"main\" is a member of Aurora cluster aws_rds_cluster.a: deletion protection is the cluster's",
	}} with input as inp
}

test_standalone_instance_is_applicable if {
	count(instance_deletion_protection.not_applicable) == 0 with input as db({}, [])
}

test_unknown_cluster_identifier_is_not_not_applicable if {
	count(instance_deletion_protection.not_applicable) == 0 with input as db({}, ["cluster_identifier"])
}
