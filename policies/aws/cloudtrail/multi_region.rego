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
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Set is_multi_region_trail = true (and include_global_service_events = true) on the aws_cloudtrail.
package vigil.aws.cloudtrail.multi_region

import data.vigil.lib

# Absent is_multi_region_trail means the default: false.
deny contains result if {
	some r in lib.resources("aws.cloudtrail.trail")
	not r.attributes.multi_region == true
	not lib.is_unknown(r, "multi_region")
	v := lib.attribute(r, ["multi_region"], false)
	result := {
		"resource": r.id,
		"message": sprintf("CloudTrail trail %q records only its home region", [lib.label(r)]),
		"evidence": {"multi_region": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.cloudtrail.trail")
	lib.is_unknown(r, "multi_region")
	result := {
		"resource": r.id,
		"message": sprintf("multi-region setting of CloudTrail trail %q is unknown", [lib.label(r)]),
		"missing": ["multi_region"],
	}
}
