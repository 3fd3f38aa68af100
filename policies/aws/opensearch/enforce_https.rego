# METADATA
# title: OpenSearch domain requires HTTPS
# description: >-
#   The domain endpoint refuses plain HTTP, so queries, documents and credentials always travel over TLS.
# custom:
#   id: OS.3
#   severity: medium
#   resource_types: [aws.opensearch.domain]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Set domain_endpoint_options { enforce_https = true tls_security_policy = "Policy-Min-
#     TLS-1-2-2019-07" } on the aws_opensearch_domain.
package vigil.aws.opensearch.enforce_https

import data.vigil.lib

# Absent enforce_https means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.opensearch.domain")
	not r.attributes.enforce_https == true
	not lib.is_unknown(r, "enforce_https")
	v := lib.attribute(r, ["enforce_https"], false)
	result := lib.failure(r, sprintf("OpenSearch domain %q does not require HTTPS", [lib.label(r)]), {"enforce_https": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.opensearch.domain")
	lib.is_unknown(r, "enforce_https")
	result := lib.unknown_result(r, sprintf("HTTPS enforcement of OpenSearch domain %q is unknown", [lib.label(r)]), ["enforce_https"])
}
