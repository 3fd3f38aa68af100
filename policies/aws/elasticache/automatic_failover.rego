# METADATA
# title: ElastiCache replication group has automatic failover
# description: >-
#   When the primary node fails, ElastiCache promotes a replica on its own, so the cache stays available
#   without an operator.
# custom:
#   id: ELC.4
#   severity: medium
#   resource_types: [aws.elasticache.replication_group]
#   controls:
#     iso27001-2022: ["8.14"]
#     nist-800-53-r5: ["SI-13(5)"]
#     nist-csf-2.0: ["PR.IR-03"]
#     soc2-tsc-2017: ["A1.2"]
#   remediation: >-
#     Set automatic_failover_enabled = true on the aws_elasticache_replication_group, with at least one
#     replica (num_cache_clusters >= 2, or replicas_per_node_group >= 1).
package vigil.aws.elasticache.automatic_failover

import data.vigil.lib

# Absent automatic_failover_enabled means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.elasticache.replication_group")
	not r.attributes.automatic_failover_enabled == true
	not lib.is_unknown(r, "automatic_failover_enabled")
	v := lib.attribute(r, ["automatic_failover_enabled"], false)
	result := lib.failure(r, sprintf("ElastiCache replication group %q has no automatic failover", [lib.label(r)]), {"automatic_failover_enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elasticache.replication_group")
	lib.is_unknown(r, "automatic_failover_enabled")
	result := lib.unknown_result(r, sprintf("automatic failover of ElastiCache replication group %q is unknown", [lib.label(r)]), ["automatic_failover_enabled"])
}
