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
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: Set backup_retention_period to 7 or more (up to 35) on the aws_rds_cluster.
package vigil.aws.rds.cluster_backup_retention

import data.vigil.lib

# Fewer than 7 days of automated backups fail. Absent retention means the AWS default of 1 day.
deny contains result if {
	some r in lib.resources("aws.rds.cluster")
	not lib.number_at_least(object.get(r, ["attributes", "backup_retention_period"], null), 7)
	not lib.is_unknown(r, "backup_retention_period")
	days := lib.attribute(r, ["backup_retention_period"], 1)
	result := {
		"resource": r.id,
		"message": sprintf("DB cluster %q keeps automated backups for %v days (minimum 7)", [lib.label(r), days]),
		"evidence": {"backup_retention_period": days},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.cluster")
	lib.is_unknown(r, "backup_retention_period")
	result := {
		"resource": r.id,
		"message": sprintf("backup retention of DB cluster %q is unknown", [lib.label(r)]),
		"missing": ["backup_retention_period"],
	}
}
