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
#     iso27001-2022: []
#     nist-800-53-r5: []
#     nist-csf-2.0: ["PR.DS-01"]
#   remediation: Set deletion_protection = true on the aws_rds_cluster.
package vigil.aws.rds.cluster_deletion_protection

import data.vigil.lib

# Absent deletion_protection means the default: off.
deny contains result if {
	some r in lib.resources("aws.rds.cluster")
	not r.attributes.deletion_protection == true
	not lib.is_unknown(r, "deletion_protection")
	protected := lib.attribute(r, ["deletion_protection"], false)
	result := {
		"resource": r.id,
		"message": sprintf("DB cluster %q has deletion protection disabled", [lib.label(r)]),
		"evidence": {"deletion_protection": protected},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.cluster")
	lib.is_unknown(r, "deletion_protection")
	result := {
		"resource": r.id,
		"message": sprintf("deletion protection of DB cluster %q is unknown", [lib.label(r)]),
		"missing": ["deletion_protection"],
	}
}
