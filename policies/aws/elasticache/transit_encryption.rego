# METADATA
# title: ElastiCache replication group encrypts data in transit
# description: >-
#   Clients and the nodes of the replication group talk over TLS, so cached data and AUTH tokens do not
#   cross the network in clear text.
# custom:
#   id: ELC.2
#   severity: high
#   resource_types: [aws.elasticache.replication_group]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Set transit_encryption_enabled = true on the aws_elasticache_replication_group (with
#     transit_encryption_mode = "preferred" first, then "required", to move clients without downtime).
package vigil.aws.elasticache.transit_encryption

import data.vigil.lib

# Absent transit_encryption_enabled means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.elasticache.replication_group")
	not r.attributes.transit_encryption_enabled == true
	not lib.is_unknown(r, "transit_encryption_enabled")
	v := lib.attribute(r, ["transit_encryption_enabled"], false)
	result := lib.failure(r, sprintf("ElastiCache replication group %q does not encrypt data in transit", [lib.label(r)]), {"transit_encryption_enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elasticache.replication_group")
	lib.is_unknown(r, "transit_encryption_enabled")
	result := lib.unknown_result(r, sprintf("encryption in transit of ElastiCache replication group %q is unknown", [lib.label(r)]), ["transit_encryption_enabled"])
}
