package vigil.aws.rds.cluster_backup_retention_test

import data.vigil.aws.rds.cluster_backup_retention

cluster(attrs, unknown) := {"by_type": {"aws.rds.cluster": [{"id": "aws_rds_cluster.aurora", "type": "aws.rds.cluster", "name": "aurora", "attributes": attrs, "unknown": unknown}]}}

test_35_days_passes if {
	inp := cluster({"backup_retention_period": 35}, [])
	count(cluster_backup_retention.deny) == 0 with input as inp
	count(cluster_backup_retention.unknown) == 0 with input as inp
}

test_boundary_7_passes_6_fails if {
	count(cluster_backup_retention.deny) == 0 with input as cluster({"backup_retention_period": 7}, [])
	denies := cluster_backup_retention.deny with input as cluster({"backup_retention_period": 6}, [])
	some d in denies
	d.message == "DB cluster \"aurora\" keeps automated backups for 6 days (minimum 7)"
	d.evidence.backup_retention_period == 6
}

test_default_one_day_fails if {
	count(cluster_backup_retention.deny) == 1 with input as cluster({}, [])
}

test_unknown if {
	inp := cluster({}, ["backup_retention_period"])
	count(cluster_backup_retention.deny) == 0 with input as inp
	count(cluster_backup_retention.unknown) == 1 with input as inp
}

test_null_takes_the_default_of_one_day if {
	denies := cluster_backup_retention.deny with input as cluster({"backup_retention_period": null}, [])
	some d in denies
	d.message == "DB cluster \"aurora\" keeps automated backups for 1 days (minimum 7)"
	d.evidence.backup_retention_period == 1
}

test_retention_of_the_wrong_type_fails if {
	every v in ["35", [35], {"days": 35}] {
		count(cluster_backup_retention.deny) == 1 with input as cluster({"backup_retention_period": v}, [])
	}
}
