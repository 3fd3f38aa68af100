# METADATA
# title: RDS DB cluster has deletion protection
# description: >-
#   Deletion protection makes deleting the cluster a deliberate two-step change (turn it off, then
#   delete), so an accidental destroy or a mistaken apply cannot remove it in one step.
# custom:
#   id: RDS.8
#   severity: medium
#   resource_types: [aws.rds.cluster]
#   controls:
#     iso27001-2022: ["8.32"]
#     nist-800-53-r5: ["CM-5"]
#     nist-csf-2.0: ["PR.DS-01"]
#   remediation: Set deletion_protection = true on the aws_rds_cluster.
package vigil.aws.rds.cluster_deletion_protection

import data.vigil.lib

path := "deletion_protection"

# Absent deletion_protection means the default: off.
deny contains result if {
	some r in lib.resources("aws.rds.cluster")
	not lib.is_unknown(r, path)
	protected := lib.value(r, path, false)
	protected != true
	result := lib.failure(
		r,
		sprintf("DB cluster %q has deletion protection disabled", [lib.label(r)]),
		{path: protected},
	)
}

unknown contains result if {
	some r in lib.resources("aws.rds.cluster")
	lib.is_unknown(r, path)
	result := lib.unknown_result(
		r,
		sprintf("deletion protection of DB cluster %q is unknown", [lib.label(r)]),
		[path],
	)
}
