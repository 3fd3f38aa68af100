# METADATA
# title: RDS DB instance keeps automated backups for at least 7 days
# description: >-
#   Automated backups (and point-in-time recovery) are kept for 7 days or more, so data can be restored
#   to a point before a problem that took days to notice. Read replicas and Aurora cluster members are
#   not checked: their backups are those of the source or the cluster (RDS.7).
# custom:
#   id: RDS.2
#   severity: medium
#   resource_types: [aws.rds.instance]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#   remediation: Set backup_retention_period to 7 or more (up to 35) on the aws_db_instance.
package vigil.aws.rds.instance_backup_retention

import data.vigil.lib

path := "backup_retention_period"

minimum_days := 7

scope_paths := ["cluster_identifier", "replicate_source_db"]

in_scope(r) if {
	not lib.rds_cluster_member(r)
	not lib.rds_read_replica(r)
}

# Absent retention means the AWS default of 1 day.
deny contains result if {
	some r in lib.resources("aws.rds.instance")
	count(lib.unknown_paths(r, scope_paths)) == 0
	in_scope(r)
	not lib.is_unknown(r, path)
	days := lib.value(r, path, 1)
	days < minimum_days
	result := lib.failure(
		r,
		sprintf("DB instance %q keeps automated backups for %v days (minimum %d)", [lib.label(r), days, minimum_days]),
		{path: days},
	)
}

passes(r) if {
	not lib.is_unknown(r, path)
	lib.value(r, path, 1) >= minimum_days
}

unknown contains result if {
	some r in lib.resources("aws.rds.instance")
	in_scope(r)
	not passes(r)
	missing := lib.unknown_paths(r, array.concat([path], scope_paths))
	count(missing) > 0
	result := lib.unknown_result(
		r,
		sprintf("backup retention of DB instance %q is unknown", [lib.label(r)]),
		missing,
	)
}
