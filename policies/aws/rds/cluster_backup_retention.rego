# METADATA
# title: RDS DB cluster keeps automated backups for at least 7 days
# description: >-
#   The cluster's automated backups (and point-in-time recovery window) cover 7 days or more, so data
#   can be restored to a point before a problem that took days to notice.
# custom:
#   id: RDS.7
#   severity: medium
#   resource_types: [aws.rds.cluster]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#   remediation: Set backup_retention_period to 7 or more (up to 35) on the aws_rds_cluster.
package vigil.aws.rds.cluster_backup_retention

import data.vigil.lib

path := "backup_retention_period"

minimum_days := 7

# Absent retention means the AWS default of 1 day.
deny contains result if {
	some r in lib.resources("aws.rds.cluster")
	not lib.is_unknown(r, path)
	days := lib.value(r, path, 1)
	days < minimum_days
	result := lib.failure(
		r,
		sprintf("DB cluster %q keeps automated backups for %v days (minimum %d)", [lib.label(r), days, minimum_days]),
		{path: days},
	)
}

unknown contains result if {
	some r in lib.resources("aws.rds.cluster")
	lib.is_unknown(r, path)
	result := lib.unknown_result(
		r,
		sprintf("backup retention of DB cluster %q is unknown", [lib.label(r)]),
		[path],
	)
}
