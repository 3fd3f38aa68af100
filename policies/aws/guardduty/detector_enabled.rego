# METADATA
# title: GuardDuty detector is enabled
# description: >-
#   The GuardDuty detector is enabled: a suspended detector keeps its configuration but analyses nothing
#   and raises no finding.
# custom:
#   id: GD.2
#   severity: medium
#   resource_types: [aws.guardduty.detector]
#   controls:
#     iso27001-2022: ["8.16"]
#     nist-800-53-r5: ["SI-4"]
#     nist-csf-2.0: ["DE.CM-01", "DE.CM-09"]
#     soc2-tsc-2017: ["CC7.2"]
#   remediation: >-
#     Set enable = true (the default) on the aws_guardduty_detector.
package vigil.aws.guardduty.detector_enabled

import data.vigil.lib

deny contains result if {
	some d in lib.resources("aws.guardduty.detector")
	not lib.is_unknown(d, "enabled")
	lib.value(d, "enabled", true) == false
	result := lib.failure(d, sprintf("GuardDuty detector %q is suspended", [lib.label(d)]), {"enabled": false})
}

unknown contains result if {
	some d in lib.resources_with_unknown("aws.guardduty.detector")
	lib.is_unknown(d, "enabled")
	result := lib.unknown_result(d, sprintf("whether GuardDuty detector %q is enabled is unknown", [lib.label(d)]), ["enabled"])
}
