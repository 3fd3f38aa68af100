# METADATA
# title: RDS DB cluster accepts IAM database authentication
# description: >-
#   With IAM database authentication, applications connect with short-lived tokens issued to an IAM
#   identity instead of long-lived database passwords, and access is granted and revoked in IAM.
# custom:
#   id: RDS.12
#   severity: low
#   resource_types: [aws.rds.cluster]
#   controls:
#     iso27001-2022: ["8.5"]
#     nist-800-53-r5: ["IA-5(1)"]
#     nist-csf-2.0: ["PR.AA-01"]
#   remediation: >-
#     Set iam_database_authentication_enabled = true on the aws_rds_cluster (Aurora MySQL and Aurora
#     PostgreSQL), then grant rds-db:connect to the roles that connect.
package vigil.aws.rds.cluster_iam_auth

import data.vigil.lib

# An absent or null iam_database_authentication_enabled takes its documented default (false, docs/inventory.md).
deny contains result if {
	some r in lib.resources("aws.rds.cluster")
	not r.attributes.iam_database_authentication_enabled == true
	not lib.is_unknown(r, "iam_database_authentication_enabled")
	v := lib.attribute(r, ["iam_database_authentication_enabled"], false)
	v != true
	result := {
		"resource": r.id,
		"message": sprintf("RDS DB cluster %q does not accept IAM database authentication", [lib.label(r)]),
		"evidence": {"iam_database_authentication_enabled": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.cluster")
	lib.is_unknown(r, "iam_database_authentication_enabled")
	result := {
		"resource": r.id,
		"message": sprintf("IAM database authentication of RDS DB cluster %q is unknown", [lib.label(r)]),
		"missing": ["iam_database_authentication_enabled"],
	}
}
