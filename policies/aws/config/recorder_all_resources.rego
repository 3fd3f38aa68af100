# METADATA
# title: AWS Config recorder records every resource type, global ones included
# description: >-
#   The configuration recorder records all supported resource types, including global resources such as
#   IAM users, roles and policies, so the configuration history has no blind spot (CIS AWS Foundations
#   v6.0.0 4.3 asks for all resources, global ones in at least one region). A recorder limited to chosen
#   types, or that leaves out global resources, fails.
# custom:
#   id: CFG.1
#   severity: medium
#   resource_types: [aws.config.recorder]
#   controls:
#     iso27001-2022: ["8.9"]
#     nist-800-53-r5: ["CM-8", "CM-8(2)"]
#     nist-csf-2.0: ["ID.AM-02"]
#     cis-aws-foundations-6.0: ["4.3"]
#     soc2-tsc-2017: ["CC7.1"]
#   remediation: >-
#     Set recording_group { all_supported = true  include_global_resource_types = true } on the
#     aws_config_configuration_recorder (global resources need recording in one region only; the
#     other regions' recorders can be waived).
package vigil.aws.config.recorder_all_resources

import data.vigil.lib

paths := ["all_supported", "include_global_resource_types"]

short(r) := [p | some p in paths; not lib.is_unknown(r, p); object.get(r.attributes, p, false) != true]

deny contains result if {
	some r in lib.resources("aws.config.recorder")
	gaps := short(r)
	count(gaps) > 0
	result := lib.failure(r, sprintf("AWS Config recorder %q does not record %s", [lib.label(r), concat(" and ", [what[p] | some p in gaps])]),
		{p: object.get(r.attributes, p, null) | some p in paths})
}

what := {"all_supported": "every supported resource type", "include_global_resource_types": "global resources"}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.config.recorder")
	count(short(r)) == 0
	missing := lib.unknown_paths(r, paths)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("what AWS Config recorder %q records is unknown", [lib.label(r)]), missing)
}
