# METADATA
# title: ElastiCache replication group is not in the default subnet group
# description: >-
#   The replication group runs in a cache subnet group of its own, in the private subnets chosen for it,
#   rather than in the "default" subnet group of the default VPC, whose subnets are public.
# custom:
#   id: ELC.7
#   severity: low
#   resource_types: [aws.elasticache.replication_group]
#   controls:
#     iso27001-2022: ["8.22"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     Create an aws_elasticache_subnet_group with private subnets of the application's VPC and set
#     subnet_group_name on the aws_elasticache_replication_group to it (this replaces the group).
package vigil.aws.elasticache.default_subnet_group

import data.vigil.lib

# Absent or null means the default subnet group.
deny contains result if {
	some r in lib.resources("aws.elasticache.replication_group")
	name := lib.attribute(r, ["subnet_group_name"], "default")
	name == "default"
	not lib.is_unknown(r, "subnet_group_name")
	result := lib.failure(r, sprintf("ElastiCache replication group %q is in the default subnet group", [lib.label(r)]), {"subnet_group_name": object.get(r.attributes, "subnet_group_name", null)})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elasticache.replication_group")
	lib.is_unknown(r, "subnet_group_name")
	result := lib.unknown_result(r, sprintf("subnet group of ElastiCache replication group %q is unknown", [lib.label(r)]), ["subnet_group_name"])
}
