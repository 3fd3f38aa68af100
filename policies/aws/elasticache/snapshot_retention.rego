# METADATA
# title: ElastiCache replication group keeps automatic snapshots for at least 7 days
# description: >-
#   ElastiCache takes a daily snapshot of the replication group and keeps each for at least a week, so the
#   data can be restored after a bad write or a deletion.
# custom:
#   id: ELC.6
#   severity: medium
#   resource_types: [aws.elasticache.replication_group]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     Set snapshot_retention_limit = 7 (or more, up to 35) and a snapshot_window on the
#     aws_elasticache_replication_group.
package vigil.aws.elasticache.snapshot_retention

import data.vigil.lib

# Fewer than 7 days fail. Absent means the documented default of 0.
deny contains result if {
	some r in lib.resources("aws.elasticache.replication_group")
	not lib.number_at_least(object.get(r.attributes, "snapshot_retention_limit", null), 7)
	not lib.is_unknown(r, "snapshot_retention_limit")
	days := lib.attribute(r, ["snapshot_retention_limit"], 0)
	result := lib.failure(r, sprintf("ElastiCache replication group %q keeps automatic snapshots for %v days (minimum 7)", [lib.label(r), days]), {"snapshot_retention_limit": days})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elasticache.replication_group")
	lib.is_unknown(r, "snapshot_retention_limit")
	result := lib.unknown_result(r, sprintf("snapshot retention of ElastiCache replication group %q is unknown", [lib.label(r)]), ["snapshot_retention_limit"])
}
