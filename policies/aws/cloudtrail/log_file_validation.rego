# METADATA
# title: CloudTrail log file integrity validation is enabled
# description: >-
#   CloudTrail writes signed digest files, so any change to or deletion of a delivered log file can be
#   detected: the audit trail can be shown to be complete and unaltered.
# custom:
#   id: CT.2
#   severity: medium
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-9", "AU-9(3)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     cis-aws-foundations-6.0: ["4.2"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.3.4"]
#   remediation: >-
#     Set enable_log_file_validation = true on the aws_cloudtrail.
package vigil.aws.cloudtrail.log_file_validation

import data.vigil.lib

# Absent enable_log_file_validation means the default: false.
deny contains result if {
	some r in lib.resources("aws.cloudtrail.trail")
	not r.attributes.log_file_validation == true
	not lib.is_unknown(r, "log_file_validation")
	v := lib.attribute(r, ["log_file_validation"], false)
	result := {
		"resource": r.id,
		"message": sprintf("CloudTrail trail %q has log file validation disabled", [lib.label(r)]),
		"evidence": {"log_file_validation": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.cloudtrail.trail")
	lib.is_unknown(r, "log_file_validation")
	result := {
		"resource": r.id,
		"message": sprintf("log file validation of CloudTrail trail %q is unknown", [lib.label(r)]),
		"missing": ["log_file_validation"],
	}
}
