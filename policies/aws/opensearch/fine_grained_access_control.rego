# METADATA
# title: OpenSearch domain has fine-grained access control
# description: >-
#   Fine-grained access control authenticates users and restricts them by role to indices, documents and
#   fields, rather than granting whoever the access policy lets in everything.
# custom:
#   id: OS.5
#   severity: medium
#   resource_types: [aws.opensearch.domain]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.1", "CC6.3"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Set advanced_security_options { enabled = true internal_user_database_enabled = false
#     master_user_options { master_user_arn = aws_iam_role.search_admin.arn } } on the
#     aws_opensearch_domain (it needs encryption at rest, node-to-node encryption and HTTPS).
package vigil.aws.opensearch.fine_grained_access_control

import data.vigil.lib

# Absent fine_grained_access_control means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.opensearch.domain")
	not r.attributes.fine_grained_access_control == true
	not lib.is_unknown(r, "fine_grained_access_control")
	v := lib.attribute(r, ["fine_grained_access_control"], false)
	result := lib.failure(r, sprintf("OpenSearch domain %q has no fine-grained access control", [lib.label(r)]), {"fine_grained_access_control": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.opensearch.domain")
	lib.is_unknown(r, "fine_grained_access_control")
	result := lib.unknown_result(r, sprintf("fine-grained access control of OpenSearch domain %q is unknown", [lib.label(r)]), ["fine_grained_access_control"])
}
