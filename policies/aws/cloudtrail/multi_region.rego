# METADATA
# title: CloudTrail trail records events in every region
# description: >-
#   A multi-region trail records API activity in every AWS region, including regions the organisation
#   does not use, where an attacker's activity would otherwise go unrecorded.
# custom:
#   id: CT.1
#   severity: high
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12", "AU-12(1)"]
#     nist-csf-2.0: ["PR.PS-04"]
#   remediation: >-
#     Set is_multi_region_trail = true (and include_global_service_events = true) on the aws_cloudtrail.
package vigil.aws.cloudtrail.multi_region

import data.vigil.lib

path := "multi_region"

# Absent is_multi_region_trail means the default: false.
deny contains result if {
	some r in lib.resources("aws.cloudtrail.trail")
	not lib.is_unknown(r, path)
	v := lib.value(r, path, false)
	v != true
	result := lib.failure(
		r,
		sprintf("CloudTrail trail %q records only its home region", [lib.label(r)]),
		{path: v},
	)
}

unknown contains result if {
	some r in lib.resources("aws.cloudtrail.trail")
	lib.is_unknown(r, path)
	result := lib.unknown_result(
		r,
		sprintf("multi-region setting of CloudTrail trail %q is unknown", [lib.label(r)]),
		[path],
	)
}
