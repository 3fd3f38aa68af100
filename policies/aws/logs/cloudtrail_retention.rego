# METADATA
# title: CloudTrail's CloudWatch Logs group keeps events for at least a year
# description: >-
#   A log group that a CloudTrail trail delivers to keeps its events for at least 365 days, or never expires
#   them, so the audit trail searched by the CIS metric filters can also be investigated a year later. The
#   year is PCI DSS 10.5.1's retention of audit logs; the trail's S3 copy may keep them longer, but the log
#   group is where they are searched. Log groups no trail delivers to are not applicable; when a trail's log
#   group is unknown, a group with a shorter retention is unknown.
# custom:
#   id: LOGS.1
#   severity: medium
#   resource_types: [aws.logs.log_group]
#   reads: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-11"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.5.1"]
#   remediation: >-
#     Set retention_in_days = 365 (or more: 400, 545, 731, ...) on the aws_cloudwatch_log_group that the
#     trail's cloud_watch_logs_group_arn names.
package vigil.aws.logs.cloudtrail_retention

import data.vigil.lib

minimum := 365

# null (or absent): events never expire.
short(g) if {
	not lib.is_unknown(g, "retention_in_days")
	days := lib.value(g, "retention_in_days", null)
	days != null
	not lib.number_at_least(days, minimum)
}

# The CloudTrail log groups are few: they are picked before reading any retention.
deny contains result if {
	some g in lib.resources("aws.logs.log_group")
	lib.cloudtrail_log_group(g)
	short(g)
	result := lib.failure(g,
		sprintf("log group %q holds CloudTrail events for %v days, less than %d", [lib.label(g), g.attributes.retention_in_days, minimum]),
		{"retention_in_days": g.attributes.retention_in_days})
}

unknown contains result if {
	some g in lib.resources_with_unknown("aws.logs.log_group")
	lib.is_unknown(g, "retention_in_days")
	lib.cloudtrail_log_group(g)
	result := lib.unknown_result(g, sprintf("retention of CloudTrail log group %q is unknown", [lib.label(g)]), ["retention_in_days"])
}

unknown contains result if {
	lib.cloudtrail_log_group_unknown
	some g in lib.resources("aws.logs.log_group")
	short(g)
	not lib.cloudtrail_log_group(g)
	result := lib.unknown_result(g,
		sprintf("log group %q keeps events %v days, and a trail's log group is unknown: it may hold CloudTrail events", [lib.label(g), g.attributes.retention_in_days]),
		[sprintf("%s.cloudwatch_logs_group_arn", [t.id]) | some t in lib.resources("aws.cloudtrail.trail"); lib.is_unknown(t, "cloudwatch_logs_group_arn")])
}

not_applicable contains result if {
	some g in lib.resources("aws.logs.log_group")
	not lib.cloudtrail_log_group(g)
	not unknown_candidate(g)
	result := {"resource": g.id, "message": sprintf("no CloudTrail trail delivers to log group %q", [lib.label(g)])}
}

unknown_candidate(g) if {
	lib.cloudtrail_log_group_unknown
	lib.is_unknown(g, "retention_in_days")
}

unknown_candidate(g) if {
	lib.cloudtrail_log_group_unknown
	short(g)
}
