# METADATA
# title: API Gateway REST API stages are protected by a WAF web ACL
# description: >-
#   A web ACL associated with the stage filters requests (common exploits, bad bots, rate limits) before they
#   reach the integration.
# custom:
#   id: APIGW.5
#   severity: medium
#   resource_types: [aws.apigateway.stage]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["6.4.2"]
#   remediation: >-
#     Add an aws_wafv2_web_acl_association with resource_arn = the stage's arn and a REGIONAL web ACL.
package vigil.aws.apigateway.rest_waf

import data.vigil.lib

# Absent web_acl_id means no web ACL is associated.
deny contains result if {
	some r in lib.resources("aws.apigateway.stage")
	not lib.is_unknown(r, "web_acl_id")
	v := lib.attribute(r, ["web_acl_id"], null)
	not _ok(v)
	result := lib.failure(r, sprintf("API Gateway stage %q has no WAF web ACL", [lib.label(r)]), {"web_acl_id": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.apigateway.stage")
	lib.is_unknown(r, "web_acl_id")
	result := lib.unknown_result(r, sprintf("WAF web ACL of API Gateway stage %q is unknown", [lib.label(r)]), ["web_acl_id"])
}

_ok(v) if lib.waf_web_acl_ref(v)
