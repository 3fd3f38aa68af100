# METADATA
# title: API Gateway custom domains require TLS 1.2 or later
# description: >-
#   The custom domain's security policy sets the TLS versions and ciphers clients may negotiate. TLS_1_0
#   accepts TLS 1.0 and 1.1; a REST API domain without security_policy leaves the choice to API Gateway, whose
#   default is not documented to exclude them. A policy name vigil does not recognise is reported as unknown.
# custom:
#   id: APIGW.8
#   severity: high
#   resource_types: [aws.apigateway.domain_name]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Set security_policy = "TLS_1_2" (or an enhanced SecurityPolicy_TLS13_* policy) on the
#     aws_api_gateway_domain_name, or in domain_name_configuration of the aws_apigatewayv2_domain_name.
package vigil.aws.apigateway.domain_tls

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.apigateway.domain_name")
	not lib.is_unknown(r, "security_policy")
	v := lib.attribute(r, ["security_policy"], null)
	_weak(v)
	result := lib.failure(r, sprintf("API Gateway custom domain %q does not require TLS 1.2 (security policy %v)", [lib.label(r), v]), {"security_policy": v})
}

_weak(v) if lib.apigateway_policy_outdated(v)

_weak(null)

unknown contains result if {
	some r in lib.resources("aws.apigateway.domain_name")
	_unknown(r)
	result := lib.unknown_result(r, sprintf("security policy of API Gateway custom domain %q is unknown or not recognised", [lib.label(r)]), ["security_policy"])
}

_unknown(r) if lib.is_unknown(r, "security_policy")

_unknown(r) if {
	not lib.is_unknown(r, "security_policy")
	v := lib.attribute(r, ["security_policy"], null)
	not _weak(v)
	not lib.apigateway_policy_modern(v)
}
