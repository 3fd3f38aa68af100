package vigil.aws.rds.instance_backup_retention_test

import data.vigil.aws.rds.instance_backup_retention

db(attrs, unknown) := {"by_type": {"aws.rds.instance": [{"id": "aws_db_instance.main", "type": "aws.rds.instance", "name": "main", "attributes": attrs, "unknown": unknown}]}}

test_seven_days_passes if {
	inp := db({"backup_retention_period": 7}, [])
	count(instance_backup_retention.deny) == 0 with input as inp
	count(instance_backup_retention.unknown) == 0 with input as inp
}

test_zero_fails if {
	denies := instance_backup_retention.deny with input as db({"backup_retention_period": 0}, [])
	count(denies) == 1
	some d in denies
	d.message == "DB instance \"main\" keeps automated backups for 0 days (minimum 7)"
	d.evidence.backup_retention_period == 0
}

test_default_one_day_fails if {
	denies := instance_backup_retention.deny with input as db({}, [])
	some d in denies
	d.evidence.backup_retention_period == 1
}

test_read_replica_is_out_of_scope if {
	inp := db({"backup_retention_period": 0, "replicate_source_db": "aws_db_instance.primary"}, [])
	count(instance_backup_retention.deny) == 0 with input as inp
	count(instance_backup_retention.unknown) == 0 with input as inp
}

test_cluster_member_is_out_of_scope if {
	count(instance_backup_retention.deny) == 0 with input as db({"cluster_identifier": "aws_rds_cluster.a"}, [])
}

test_unknown_retention if {
	inp := db({}, ["backup_retention_period"])
	count(instance_backup_retention.deny) == 0 with input as inp
	unknowns := instance_backup_retention.unknown with input as inp
	some u in unknowns
	u.missing == ["backup_retention_period"]
}

test_cluster_member_is_not_applicable if {
	inp := db({"cluster_identifier": "aws_rds_cluster.a"}, [])
	count(instance_backup_retention.deny) == 0 with input as inp
	count(instance_backup_retention.unknown) == 0 with input as inp
	instance_backup_retention.not_applicable == {{
		"resource": "aws_db_instance.main",
		"message": "DB instance \"main\" is a member of Aurora cluster aws_rds_cluster.a: backup retention is the cluster's",
	}} with input as inp
}

test_standalone_instance_is_applicable if {
	count(instance_backup_retention.not_applicable) == 0 with input as db({}, [])
}

test_unknown_cluster_identifier_is_not_not_applicable if {
	count(instance_backup_retention.not_applicable) == 0 with input as db({}, ["cluster_identifier"])
}

test_read_replica_is_not_applicable if {
	inp := db({"backup_retention_period": 0, "replicate_source_db": "aws_db_instance.primary"}, [])
	instance_backup_retention.not_applicable == {{
		"resource": "aws_db_instance.main",
		"message": "DB instance \"main\" is a read replica of aws_db_instance.primary: backup retention is the source's",
	}} with input as inp
}

# Rego orders every string above every number: "35" >= 7 held, and the instance passed.
test_retention_of_the_wrong_type_fails if {
	every v in ["35", [35], {"days": 35}, true] {
		count(instance_backup_retention.deny) == 1 with input as db({"backup_retention_period": v}, [])
	}
}
