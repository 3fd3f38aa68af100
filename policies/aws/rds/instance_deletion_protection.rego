# METADATA
# title: RDS DB instance has deletion protection
# description: >-
#   Deletion protection makes deleting the database a deliberate two-step change (turn it off, then
#   delete), so an accidental destroy, a mistaken apply or a compromised pipeline cannot remove it in one
#   step. Aurora cluster members are not checked: deletion protection is a cluster setting (RDS.8).
# custom:
#   id: RDS.4
#   severity: medium
#   resource_types: [aws.rds.instance]
#   controls:
#     iso27001-2022: []
#     nist-800-53-r5: []
#     nist-csf-2.0: ["PR.DS-01"]
#   remediation: Set deletion_protection = true on the aws_db_instance.
package vigil.aws.rds.instance_deletion_protection

import data.vigil.lib

# Absent deletion_protection means the default: off.
deny contains result if {
	some r in lib.resources("aws.rds.instance")
	not r.attributes.deletion_protection == true
	not lib.rds_cluster_member(r)
	not lib.is_unknown(r, "deletion_protection")
	not lib.is_unknown(r, "cluster_identifier")
	protected := lib.attribute(r, ["deletion_protection"], false)
	result := {
		"resource": r.id,
		"message": sprintf("DB instance %q has deletion protection disabled", [lib.label(r)]),
		"evidence": {"deletion_protection": protected},
	}
}

passes(r) if {
	not lib.is_unknown(r, "deletion_protection")
	lib.attribute(r, ["deletion_protection"], false) == true
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.instance")
	not lib.rds_cluster_member(r)
	not passes(r)
	missing := lib.unknown_paths(r, ["deletion_protection", "cluster_identifier"])
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("deletion protection of DB instance %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}

# Aurora cluster members are not applicable: the setting is judged on the cluster.
not_applicable contains result if {
	some r in lib.resources("aws.rds.instance")
	lib.rds_cluster_member(r)
	result := {"resource": r.id, "message": lib.rds_delegated_reason(r, "deletion protection")}
}
