package vigil.aws.rds.instance_encrypted_test

import data.vigil.aws.rds.instance_encrypted

db(attrs, unknown) := {"by_type": {"aws.rds.instance": [{"id": "aws_db_instance.main", "type": "aws.rds.instance", "name": "main", "attributes": attrs, "unknown": unknown}]}}

test_encrypted_passes if {
	inp := db({"storage_encrypted": true, "engine": "postgres"}, [])
	count(instance_encrypted.deny) == 0 with input as inp
	count(instance_encrypted.unknown) == 0 with input as inp
}

test_unencrypted_fails if {
	denies := instance_encrypted.deny with input as db({"storage_encrypted": false, "cluster_identifier": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "DB instance \"main\" has storage encryption disabled"
	d.evidence.storage_encrypted == false
}

test_default_is_unencrypted if {
	count(instance_encrypted.deny) == 1 with input as db({"engine": "mysql"}, [])
}

test_cluster_member_is_out_of_scope if {
	inp := db({"storage_encrypted": false, "cluster_identifier": "aws_rds_cluster.aurora"}, [])
	count(instance_encrypted.deny) == 0 with input as inp
	count(instance_encrypted.unknown) == 0 with input as inp
}

test_unknown_encryption if {
	inp := db({}, ["storage_encrypted"])
	count(instance_encrypted.deny) == 0 with input as inp
	unknowns := instance_encrypted.unknown with input as inp
	some u in unknowns
	u.missing == ["storage_encrypted"]
}

test_unknown_membership_with_unencrypted_storage if {
	inp := db({"storage_encrypted": false}, ["cluster_identifier"])
	count(instance_encrypted.deny) == 0 with input as inp
	unknowns := instance_encrypted.unknown with input as inp
	some u in unknowns
	u.missing == ["cluster_identifier"]
}

test_cluster_member_is_not_applicable if {
	inp := db({"cluster_identifier": "aws_rds_cluster.a"}, [])
	count(instance_encrypted.deny) == 0 with input as inp
	count(instance_encrypted.unknown) == 0 with input as inp
	instance_encrypted.not_applicable == {{
		"resource": "aws_db_instance.main",
		"message": "DB instance \"main\" is a member of Aurora cluster aws_rds_cluster.a: storage encryption is the cluster's",
	}} with input as inp
}

test_standalone_instance_is_applicable if {
	count(instance_encrypted.not_applicable) == 0 with input as db({}, [])
}

test_unknown_cluster_identifier_is_not_not_applicable if {
	count(instance_encrypted.not_applicable) == 0 with input as db({}, ["cluster_identifier"])
}
