# METADATA
# title: CloudTrail trail delivers its events to CloudWatch Logs
# description: >-
#   The trail sends its events to a CloudWatch Logs group as well as to S3, so metric filters and alarms
#   can act on them within minutes (the CIS monitoring recommendations, MON.1-MON.15, build on it) and
#   they can be searched without downloading the S3 objects. A trail that is not logging does not deliver.
# custom:
#   id: CT.4
#   severity: medium
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15", "8.16"]
#     nist-800-53-r5: ["AU-6(1)", "SI-4(2)"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#   remediation: >-
#     Set cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*" and cloud_watch_logs_role_arn
#     (a role CloudTrail can assume with logs:CreateLogStream and logs:PutLogEvents on the group) on the
#     aws_cloudtrail.
package vigil.aws.cloudtrail.cloudwatch_logs

import data.vigil.lib

deny contains result if {
	some t in lib.resources("aws.cloudtrail.trail")
	not lib.is_unknown(t, "cloudwatch_logs_group_arn")
	not lib.is_set(lib.value(t, "cloudwatch_logs_group_arn", null))
	result := lib.failure(t, sprintf("trail %q delivers its events to no CloudWatch Logs group", [lib.label(t)]), {"cloudwatch_logs_group_arn": null})
}

deny contains result if {
	some t in lib.resources("aws.cloudtrail.trail")
	lib.is_set(lib.value(t, "cloudwatch_logs_group_arn", null))
	not lib.is_unknown(t, "logging")
	lib.value(t, "logging", true) == false
	result := lib.failure(t, sprintf("trail %q is not logging: it delivers nothing to its CloudWatch Logs group", [lib.label(t)]), {"cloudwatch_logs_group_arn": t.attributes.cloudwatch_logs_group_arn, "logging": false})
}

# A log group is named by its ARN (live, or written in Terraform) or by a reference to a log group block.
group_ref(v) if regex.match(`^arn:[^:]+:logs:[^:]*:[0-9]*:log-group:.+`, v)

group_ref(v) if contains(v, "aws_cloudwatch_log_group.")

unknown contains result if {
	some t in lib.resources("aws.cloudtrail.trail")
	not lib.is_unknown(t, "cloudwatch_logs_group_arn")
	v := lib.value(t, "cloudwatch_logs_group_arn", null)
	lib.is_set(v)
	not group_ref(v)
	result := lib.unknown_result(t, sprintf("trail %q names %q as its CloudWatch Logs group, which is not a log group ARN", [lib.label(t), v]), ["cloudwatch_logs_group_arn"])
}

unknown contains result if {
	some t in lib.resources_with_unknown("aws.cloudtrail.trail")
	missing := lib.unknown_paths(t, ["cloudwatch_logs_group_arn", "logging"])
	count(missing) > 0
	not known_failure(t)
	result := lib.unknown_result(t, sprintf("whether trail %q delivers to CloudWatch Logs is unknown", [lib.label(t)]), missing)
}

known_failure(t) if {
	not lib.is_unknown(t, "cloudwatch_logs_group_arn")
	not lib.is_set(lib.value(t, "cloudwatch_logs_group_arn", null))
}

known_failure(t) if {
	not lib.is_unknown(t, "logging")
	lib.value(t, "logging", true) == false
}
