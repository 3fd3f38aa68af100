# METADATA
# title: RDS DB instance storage is encrypted
# description: >-
#   The DB instance's storage, automated backups, snapshots and read replicas are encrypted at rest.
#   Instances that belong to an Aurora cluster are not checked here: their storage is the cluster's
#   (RDS.6).
# custom:
#   id: RDS.1
#   severity: high
#   resource_types: [aws.rds.instance]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     cis-aws-foundations-6.0: ["3.2.1"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set storage_encrypted = true and kms_key_id on the aws_db_instance. An existing instance cannot be
#     encrypted in place: restore an encrypted copy of a snapshot and switch over.
package vigil.aws.rds.instance_encrypted

import data.vigil.lib

# Absent storage_encrypted means the default: false. Aurora cluster members are checked on their cluster.
deny contains result if {
	some r in lib.resources("aws.rds.instance")
	not r.attributes.storage_encrypted == true
	not lib.rds_cluster_member(r)
	not lib.is_unknown(r, "storage_encrypted")
	not lib.is_unknown(r, "cluster_identifier")
	encrypted := lib.attribute(r, ["storage_encrypted"], false)
	result := {
		"resource": r.id,
		"message": sprintf("DB instance %q has storage encryption disabled", [lib.label(r)]),
		"evidence": {"storage_encrypted": encrypted, "cluster_identifier": object.get(r, ["attributes", "cluster_identifier"], null)},
	}
}

passes(r) if {
	not lib.is_unknown(r, "storage_encrypted")
	lib.attribute(r, ["storage_encrypted"], false) == true
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.instance")
	not lib.rds_cluster_member(r)
	not passes(r)
	missing := lib.unknown_paths(r, ["storage_encrypted", "cluster_identifier"])
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("storage encryption of DB instance %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}

# Aurora cluster members are not applicable: the setting is judged on the cluster.
not_applicable contains result if {
	some r in lib.resources("aws.rds.instance")
	lib.rds_cluster_member(r)
	result := {"resource": r.id, "message": lib.rds_delegated_reason(r, "storage encryption")}
}
