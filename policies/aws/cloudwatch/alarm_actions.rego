# METADATA
# title: CloudWatch alarm notifies someone when it fires
# description: >-
#   The metric alarm has its actions enabled and at least one action for the ALARM state, so that its
#   firing reaches a person or an automated response rather than only changing state in the console.
# custom:
#   id: CW.1
#   severity: low
#   resource_types: [aws.cloudwatch.metric_alarm]
#   controls:
#     iso27001-2022: ["8.16"]
#     nist-800-53-r5: ["SI-4(5)"]
#     nist-csf-2.0: ["DE.AE-06"]
#     soc2-tsc-2017: ["CC7.2"]
#   remediation: >-
#     Set alarm_actions (an aws_sns_topic with a subscription, or an automated action) on the
#     aws_cloudwatch_metric_alarm and leave actions_enabled at its default, true.
package vigil.aws.cloudwatch.alarm_actions

import data.vigil.lib

deny contains result if {
	some a in lib.resources("aws.cloudwatch.metric_alarm")
	not lib.is_unknown(a, "actions_enabled")
	lib.value(a, "actions_enabled", true) == false
	result := lib.failure(a, sprintf("alarm %q has its actions disabled", [lib.label(a)]), {"actions_enabled": false})
}

deny contains result if {
	some a in lib.resources("aws.cloudwatch.metric_alarm")
	not lib.is_unknown(a, "alarm_actions")
	lib.value(a, "actions_enabled", true) != false
	lib.empty(lib.value(a, "alarm_actions", []))
	result := lib.failure(a, sprintf("alarm %q has no alarm action", [lib.label(a)]), {"alarm_actions": []})
}

unknown contains result if {
	some a in lib.resources_with_unknown("aws.cloudwatch.metric_alarm")
	missing := lib.unknown_paths(a, ["actions_enabled", "alarm_actions"])
	count(missing) > 0
	not lib.value(a, "actions_enabled", true) == false
	result := lib.unknown_result(a, sprintf("actions of alarm %q are unknown", [lib.label(a)]), missing)
}
