# METADATA
# title: Redshift cluster keeps automated snapshots for at least 7 days
# description: >-
#   Redshift keeps each automated snapshot for at least a week, so the cluster can be restored to a point
#   before a bad load or a deletion. The default keeps one day.
# custom:
#   id: RS.7
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     Set automated_snapshot_retention_period = 7 (or more) on the aws_redshift_cluster.
package vigil.aws.redshift.snapshot_retention

import data.vigil.lib

# Fewer than 7 days fail. Absent means the documented default of 1.
deny contains result if {
	some r in lib.resources("aws.redshift.cluster")
	not lib.number_at_least(object.get(r.attributes, "automated_snapshot_retention_period", null), 7)
	not lib.is_unknown(r, "automated_snapshot_retention_period")
	days := lib.attribute(r, ["automated_snapshot_retention_period"], 1)
	result := lib.failure(r, sprintf("Redshift cluster %q keeps automated snapshots for %v days (minimum 7)", [lib.label(r), days]), {"automated_snapshot_retention_period": days})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.redshift.cluster")
	lib.is_unknown(r, "automated_snapshot_retention_period")
	result := lib.unknown_result(r, sprintf("snapshot retention of Redshift cluster %q is unknown", [lib.label(r)]), ["automated_snapshot_retention_period"])
}
