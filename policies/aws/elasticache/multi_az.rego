# METADATA
# title: ElastiCache replication group is Multi-AZ
# description: >-
#   The replication group places its replicas in other Availability Zones and fails over to them, so the
#   loss of one zone does not take the cache down.
# custom:
#   id: ELC.5
#   severity: medium
#   resource_types: [aws.elasticache.replication_group]
#   controls:
#     iso27001-2022: ["8.14"]
#     nist-800-53-r5: ["SC-36"]
#     nist-csf-2.0: ["PR.IR-03"]
#     soc2-tsc-2017: ["A1.2"]
#   remediation: >-
#     Set multi_az_enabled = true and automatic_failover_enabled = true on the
#     aws_elasticache_replication_group, with replicas in preferred_cache_cluster_azs of different
#     zones.
package vigil.aws.elasticache.multi_az

import data.vigil.lib

# Absent multi_az_enabled means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.elasticache.replication_group")
	not r.attributes.multi_az_enabled == true
	not lib.is_unknown(r, "multi_az_enabled")
	v := lib.attribute(r, ["multi_az_enabled"], false)
	result := lib.failure(r, sprintf("ElastiCache replication group %q is not Multi-AZ", [lib.label(r)]), {"multi_az_enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elasticache.replication_group")
	lib.is_unknown(r, "multi_az_enabled")
	result := lib.unknown_result(r, sprintf("Multi-AZ of ElastiCache replication group %q is unknown", [lib.label(r)]), ["multi_az_enabled"])
}
