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
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: Set backup_retention_period to 7 or more (up to 35) on the aws_db_instance.
package vigil.aws.rds.instance_backup_retention

import data.vigil.lib

# The paths the rule reads: the retention, and those that decide scope.
needed := ["backup_retention_period", "cluster_identifier", "replicate_source_db"]

# Aurora cluster members take backups from the cluster, read replicas from their source.
in_scope(r) if {
	not lib.rds_cluster_member(r)
	not lib.rds_read_replica(r)
}

# Fewer than 7 days of automated backups fail. Absent retention means the AWS default of 1 day.
deny contains result if {
	some r in lib.resources("aws.rds.instance")
	not lib.number_at_least(object.get(r, ["attributes", "backup_retention_period"], null), 7)
	in_scope(r)
	count(lib.unknown_paths(r, needed)) == 0
	days := lib.attribute(r, ["backup_retention_period"], 1)
	result := {
		"resource": r.id,
		"message": sprintf("DB instance %q keeps automated backups for %v days (minimum 7)", [lib.label(r), days]),
		"evidence": {"backup_retention_period": days},
	}
}

passes(r) if {
	not lib.is_unknown(r, "backup_retention_period")
	lib.number_at_least(lib.attribute(r, ["backup_retention_period"], 1), 7)
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.instance")
	in_scope(r)
	not passes(r)
	missing := lib.unknown_paths(r, needed)
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("backup retention of DB instance %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}

# Aurora cluster members and read replicas are not applicable: judged on their cluster or source.
not_applicable contains result if {
	some r in lib.resources("aws.rds.instance")
	not in_scope(r)
	result := {"resource": r.id, "message": lib.rds_delegated_reason(r, "backup retention")}
}
