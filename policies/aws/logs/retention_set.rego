# METADATA
# title: CloudWatch Logs group has a retention period
# description: >-
#   The log group expires its events after a set number of days rather than keeping them forever, so logs
#   that may hold personal data, tokens or other secrets are deleted once no longer needed (and stop adding
#   to the bill). Any retention passes this rule; LOGS.1 asks at least a year of the groups that hold
#   CloudTrail events, and a group kept forever for that reason can be waived here.
# custom:
#   id: LOGS.2
#   severity: low
#   resource_types: [aws.logs.log_group]
#   controls:
#     iso27001-2022: ["8.10"]
#     nist-800-53-r5: ["SI-12"]
#     nist-csf-2.0: []
#   remediation: >-
#     Set retention_in_days on the aws_cloudwatch_log_group (for example 90 for application logs, 365 or
#     more for audit logs).
package vigil.aws.logs.retention_set

import data.vigil.lib

deny contains result if {
	some g in lib.resources("aws.logs.log_group")
	not lib.is_unknown(g, "retention_in_days")
	lib.value(g, "retention_in_days", null) == null
	result := lib.failure(g, sprintf("log group %q keeps its events forever", [lib.label(g)]), {"retention_in_days": null})
}

unknown contains result if {
	some g in lib.resources_with_unknown("aws.logs.log_group")
	lib.is_unknown(g, "retention_in_days")
	result := lib.unknown_result(g, sprintf("retention of log group %q is unknown", [lib.label(g)]), ["retention_in_days"])
}
