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
#     iso27001-2022: ["8.32"]
#     nist-800-53-r5: ["CM-5"]
#     nist-csf-2.0: ["PR.DS-01"]
#   remediation: Set deletion_protection = true on the aws_db_instance.
package vigil.aws.rds.instance_deletion_protection

import data.vigil.lib

path := "deletion_protection"

# Absent deletion_protection means the default: off.
deny contains result if {
	some r in lib.resources("aws.rds.instance")
	not lib.is_unknown(r, "cluster_identifier")
	not lib.rds_cluster_member(r)
	not lib.is_unknown(r, path)
	protected := lib.value(r, path, false)
	protected != true
	result := lib.failure(
		r,
		sprintf("DB instance %q has deletion protection disabled", [lib.label(r)]),
		{path: protected},
	)
}

passes(r) if {
	not lib.is_unknown(r, path)
	lib.value(r, path, false) == true
}

unknown contains result if {
	some r in lib.resources("aws.rds.instance")
	not lib.rds_cluster_member(r)
	not passes(r)
	missing := lib.unknown_paths(r, [path, "cluster_identifier"])
	count(missing) > 0
	result := lib.unknown_result(
		r,
		sprintf("deletion protection of DB instance %q is unknown", [lib.label(r)]),
		missing,
	)
}
