# METADATA
# title: GuardDuty publishes updated findings within the hour
# description: >-
#   The detector's finding publishing frequency is 15 minutes or one hour, not the six-hour default, so
#   new occurrences of an ongoing finding reach EventBridge, Security Hub and the S3 export while the
#   activity can still be acted on. (New findings are published within minutes whatever the setting.)
# custom:
#   id: GD.3
#   severity: low
#   resource_types: [aws.guardduty.detector]
#   controls:
#     iso27001-2022: ["8.16"]
#     nist-800-53-r5: ["SI-4(5)"]
#     nist-csf-2.0: ["DE.AE-06"]
#   remediation: >-
#     Set finding_publishing_frequency = "FIFTEEN_MINUTES" (or "ONE_HOUR") on the aws_guardduty_detector of
#     the administrator account; member accounts take it from there.
package vigil.aws.guardduty.finding_frequency

import data.vigil.lib

allowed := {"FIFTEEN_MINUTES", "ONE_HOUR"}

deny contains result if {
	some d in lib.resources("aws.guardduty.detector")
	not lib.is_unknown(d, "finding_publishing_frequency")
	v := lib.value(d, "finding_publishing_frequency", "SIX_HOURS")
	not v in allowed
	result := lib.failure(d, sprintf("GuardDuty detector %q publishes updated findings every %v", [lib.label(d), v]), {"finding_publishing_frequency": v})
}

unknown contains result if {
	some d in lib.resources_with_unknown("aws.guardduty.detector")
	lib.is_unknown(d, "finding_publishing_frequency")
	result := lib.unknown_result(d, sprintf("finding publishing frequency of GuardDuty detector %q is unknown", [lib.label(d)]), ["finding_publishing_frequency"])
}
