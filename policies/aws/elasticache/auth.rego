# METADATA
# title: ElastiCache replication group requires clients to authenticate
# description: >-
#   Clients must authenticate before they run commands: with an AUTH token, or as users of an RBAC user
#   group (role-based access control). Without either, anyone who can reach the port can read and change
#   the cache.
# custom:
#   id: ELC.3
#   severity: high
#   resource_types: [aws.elasticache.replication_group]
#   controls:
#     iso27001-2022: ["8.5"]
#     nist-800-53-r5: ["AC-3", "IA-2"]
#     nist-csf-2.0: ["PR.AA-03"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(d)"]
#   remediation: >-
#     Create an aws_elasticache_user_group with aws_elasticache_user resources (authentication_mode
#     { type = "iam" } or passwords) and set user_group_ids on the aws_elasticache_replication_group; or
#     set auth_token (from a secret, never a literal). Both need transit_encryption_enabled = true.
package vigil.aws.elasticache.auth

import data.vigil.lib

needed := ["auth_token_enabled", "user_group_ids"]

authenticates(r) if {
	r.attributes.auth_token_enabled == true
	not lib.is_unknown(r, "auth_token_enabled")
}

authenticates(r) if {
	groups := r.attributes.user_group_ids
	is_array(groups)
	count(groups) > 0
	not lib.unknown_within(r, "user_group_ids")
}

deny contains result if {
	some r in lib.resources("aws.elasticache.replication_group")
	not authenticates(r)
	count(lib.unknown_paths_within(r, needed)) == 0
	result := lib.failure(r, sprintf("ElastiCache replication group %q lets clients in without authentication (no AUTH token, no RBAC user group)", [lib.label(r)]), {
		"auth_token_enabled": lib.attribute(r, ["auth_token_enabled"], false),
		"user_group_ids": lib.attribute(r, ["user_group_ids"], []),
	})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elasticache.replication_group")
	not authenticates(r)
	missing := lib.unknown_paths_within(r, needed)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("authentication of ElastiCache replication group %q is unknown", [lib.label(r)]), missing)
}
