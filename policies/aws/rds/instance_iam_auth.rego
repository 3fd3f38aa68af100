# METADATA
# title: RDS DB instance accepts IAM database authentication
# description: >-
#   With IAM database authentication, applications connect with short-lived tokens issued to an IAM
#   identity instead of long-lived database passwords, and access is granted and revoked in IAM.
#   Instances that belong to an Aurora cluster are judged on their cluster (RDS.12).
# custom:
#   id: RDS.11
#   severity: low
#   resource_types: [aws.rds.instance]
#   controls:
#     iso27001-2022: ["8.5"]
#     nist-800-53-r5: ["IA-5(1)"]
#     nist-csf-2.0: ["PR.AA-01"]
#   remediation: >-
#     Set iam_database_authentication_enabled = true on the aws_db_instance (MySQL, MariaDB and PostgreSQL
#     engines), then grant rds-db:connect to the roles that connect.
package vigil.aws.rds.instance_iam_auth

import data.vigil.lib

# An absent or null iam_database_authentication_enabled takes its documented default (false, docs/inventory.md).
# Aurora cluster members are judged on their cluster.
deny contains result if {
	some r in lib.resources("aws.rds.instance")
	not r.attributes.iam_database_authentication_enabled == true
	not lib.rds_cluster_member(r)
	not lib.is_unknown(r, "cluster_identifier")
	not lib.is_unknown(r, "iam_database_authentication_enabled")
	v := lib.attribute(r, ["iam_database_authentication_enabled"], false)
	v != true
	result := {
		"resource": r.id,
		"message": sprintf("RDS DB instance %q does not accept IAM database authentication", [lib.label(r)]),
		"evidence": {"iam_database_authentication_enabled": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.instance")
	not lib.rds_cluster_member(r)
	lib.is_unknown(r, "iam_database_authentication_enabled")
	result := {
		"resource": r.id,
		"message": sprintf("IAM database authentication of RDS DB instance %q is unknown", [lib.label(r)]),
		"missing": ["iam_database_authentication_enabled"],
	}
}

# The instance may be an Aurora cluster member, whose setting is its cluster's.
unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.instance")
	lib.is_unknown(r, "cluster_identifier")
	not lib.is_unknown(r, "iam_database_authentication_enabled")
	not r.attributes.iam_database_authentication_enabled == true
	result := {
		"resource": r.id,
		"message": sprintf("IAM database authentication of RDS DB instance %q is unknown: it may belong to an Aurora cluster", [lib.label(r)]),
		"missing": ["cluster_identifier"],
	}
}

# Aurora cluster members are not applicable: the setting is judged on the cluster.
not_applicable contains result if {
	some r in lib.resources("aws.rds.instance")
	lib.rds_cluster_member(r)
	result := {"resource": r.id, "message": lib.rds_delegated_reason(r, "IAM database authentication")}
}
