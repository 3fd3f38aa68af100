# METADATA
# title: ElastiCache replication group is encrypted at rest
# description: >-
#   The replication group encrypts its data on disk, in swap and in its backups. Encryption at rest can
#   only be chosen when the group is created.
# custom:
#   id: ELC.1
#   severity: high
#   resource_types: [aws.elasticache.replication_group]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set at_rest_encryption_enabled = true (and kms_key_id) on the aws_elasticache_replication_group;
#     an existing group must be recreated from a backup.
package vigil.aws.elasticache.at_rest_encryption

import data.vigil.lib

# Absent at_rest_encryption_enabled means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.elasticache.replication_group")
	not r.attributes.at_rest_encryption_enabled == true
	not lib.is_unknown(r, "at_rest_encryption_enabled")
	v := lib.attribute(r, ["at_rest_encryption_enabled"], false)
	result := lib.failure(r, sprintf("ElastiCache replication group %q is not encrypted at rest", [lib.label(r)]), {"at_rest_encryption_enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elasticache.replication_group")
	lib.is_unknown(r, "at_rest_encryption_enabled")
	result := lib.unknown_result(r, sprintf("encryption at rest of ElastiCache replication group %q is unknown", [lib.label(r)]), ["at_rest_encryption_enabled"])
}
