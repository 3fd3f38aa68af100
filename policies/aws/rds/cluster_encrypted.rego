# METADATA
# title: RDS DB cluster storage is encrypted
# description: >-
#   The Aurora or Multi-AZ DB cluster's storage, backups and snapshots are encrypted at rest.
# custom:
#   id: RDS.6
#   severity: high
#   resource_types: [aws.rds.cluster]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     cis-aws-foundations-6.0: ["3.2.1"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set storage_encrypted = true and kms_key_id on the aws_rds_cluster. An existing cluster cannot be
#     encrypted in place: restore an encrypted snapshot copy and switch over.
package vigil.aws.rds.cluster_encrypted

import data.vigil.lib

# encrypted is the known value: explicit, or the default (true only for engine_mode serverless).
encrypted(r) := v if {
	not lib.is_unknown(r, "storage_encrypted")
	v := object.get(r, ["attributes", "storage_encrypted"], null)
	v != null
}

encrypted(r) := lib.attribute(r, ["engine_mode"], "provisioned") == "serverless" if {
	not lib.is_unknown(r, "storage_encrypted")
	object.get(r, ["attributes", "storage_encrypted"], null) == null
	not lib.is_unknown(r, "engine_mode")
}

deny contains result if {
	some r in lib.resources("aws.rds.cluster")
	not r.attributes.storage_encrypted == true
	v := encrypted(r)
	v != true
	result := {
		"resource": r.id,
		"message": sprintf("DB cluster %q has storage encryption disabled", [lib.label(r)]),
		"evidence": {"storage_encrypted": v, "engine_mode": lib.attribute(r, ["engine_mode"], "provisioned")},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.cluster")
	not encrypted(r)
	missing := lib.unknown_paths(r, ["storage_encrypted", "engine_mode"])
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("storage encryption of DB cluster %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
