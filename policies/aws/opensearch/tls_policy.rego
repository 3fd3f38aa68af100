# METADATA
# title: OpenSearch domain endpoint requires TLS 1.2 or later
# description: >-
#   The domain endpoint's TLS security policy refuses TLS 1.0 and 1.1 (Policy-Min-TLS-1-2-2019-07 or
#   Policy-Min-TLS-1-2-PFS-2023-10). A Terraform domain must name the policy: the default has long been
#   Policy-Min-TLS-1-0-2019-07.
# custom:
#   id: OS.4
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
#     Set domain_endpoint_options { enforce_https = true tls_security_policy =
#     "Policy-Min-TLS-1-2-PFS-2023-10" } on the aws_opensearch_domain.
package vigil.aws.opensearch.tls_policy

import data.vigil.lib

# modern is true for a policy whose minimum is TLS 1.2 or later.
modern(policy) if {
	is_string(policy)
	regex.match(`^Policy-Min-TLS-1-[2-9]`, policy)
}

deny contains result if {
	some r in lib.resources("aws.opensearch.domain")
	policy := object.get(r.attributes, "tls_security_policy", null)
	not modern(policy)
	not lib.is_unknown(r, "tls_security_policy")
	result := lib.failure(r, message(lib.label(r), policy), {"tls_security_policy": policy})
}

message(label, null) := sprintf("OpenSearch domain %q does not name a TLS security policy, so the endpoint may accept TLS 1.0", [label])

message(label, policy) := sprintf("OpenSearch domain %q accepts TLS versions before 1.2 (%v)", [label, policy]) if policy != null

unknown contains result if {
	some r in lib.resources_with_unknown("aws.opensearch.domain")
	lib.is_unknown(r, "tls_security_policy")
	result := lib.unknown_result(r, sprintf("TLS security policy of OpenSearch domain %q is unknown", [lib.label(r)]), ["tls_security_policy"])
}
