# METADATA
# title: OpenSearch domain is encrypted at rest
# description: >-
#   The domain encrypts its indices, logs, swap files and automated snapshots with a KMS key.
# custom:
#   id: OS.1
#   severity: high
#   resource_types: [aws.opensearch.domain]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set encrypt_at_rest { enabled = true kms_key_id = aws_kms_key.search.arn } on the
#     aws_opensearch_domain.
package vigil.aws.opensearch.encryption_at_rest

import data.vigil.lib

# Absent encrypt_at_rest.enabled means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.opensearch.domain")
	not r.attributes.encrypt_at_rest.enabled == true
	not lib.is_unknown(r, "encrypt_at_rest.enabled")
	v := lib.attribute(r, ["encrypt_at_rest", "enabled"], false)
	result := lib.failure(r, sprintf("OpenSearch domain %q is not encrypted at rest", [lib.label(r)]), {"encrypt_at_rest.enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.opensearch.domain")
	lib.is_unknown(r, "encrypt_at_rest.enabled")
	result := lib.unknown_result(r, sprintf("encryption at rest of OpenSearch domain %q is unknown", [lib.label(r)]), ["encrypt_at_rest.enabled"])
}
