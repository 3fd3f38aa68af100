# METADATA
# title: OpenSearch domain publishes its slow logs to CloudWatch Logs
# description: >-
#   The domain publishes its index and search slow logs to CloudWatch Logs, so slow and failing queries
#   and indexing can be traced.
# custom:
#   id: OS.8
#   severity: low
#   resource_types: [aws.opensearch.domain]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: []
#     nist-csf-2.0: ["PR.PS-04"]
#   remediation: >-
#     Add log_publishing_options blocks with log_type = "INDEX_SLOW_LOGS" and "SEARCH_SLOW_LOGS" and a
#     cloudwatch_log_group_arn to the aws_opensearch_domain, and set the slow log thresholds in the
#     index settings.
package vigil.aws.opensearch.slow_logs

import data.vigil.lib

kinds := ["index_slow", "search_slow"]

paths := ["logs.index_slow", "logs.search_slow"]

# Absent means the default: not published.
not_published(r) := [k |
	some k in kinds
	not object.get(r.attributes, ["logs", k], false) == true
	not lib.is_unknown(r, concat(".", ["logs", k]))
]

deny contains result if {
	some r in lib.resources("aws.opensearch.domain")
	missing := not_published(r)
	count(missing) > 0
	result := lib.failure(r, sprintf("OpenSearch domain %q does not publish its %s logs", [lib.label(r), concat(" and ", [replace(k, "_", " ") | some k in missing])]), {p: object.get(r.attributes, ["logs", k], false) | some k in missing; p := concat(".", ["logs", k])})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.opensearch.domain")
	count(not_published(r)) == 0
	missing := lib.unknown_paths(r, paths)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("slow log publishing of OpenSearch domain %q is unknown", [lib.label(r)]), missing)
}
