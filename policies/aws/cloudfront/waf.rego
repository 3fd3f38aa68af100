# METADATA
# title: CloudFront distributions are protected by a WAF web ACL
# description: >-
#   A web ACL filters requests at the edge (common exploits, bad bots, rate limits) before they reach the
#   origin.
# custom:
#   id: CLOUDFRONT.7
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["6.4.2"]
#   remediation: >-
#     Set web_acl_id on the aws_cloudfront_distribution to the ARN of an aws_wafv2_web_acl with scope
#     CLOUDFRONT (created in us-east-1).
package vigil.aws.cloudfront.waf

import data.vigil.lib

# Absent web_acl_id means no web ACL.
deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	not lib.is_unknown(r, "web_acl_id")
	v := lib.attribute(r, ["web_acl_id"], null)
	not _ok(v)
	result := lib.failure(r, sprintf("CloudFront distribution %q has no WAF web ACL", [lib.label(r)]), {"web_acl_id": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.cloudfront.distribution")
	lib.is_unknown(r, "web_acl_id")
	result := lib.unknown_result(r, sprintf("WAF web ACL of CloudFront distribution %q is unknown", [lib.label(r)]), ["web_acl_id"])
}

_ok(v) if lib.waf_web_acl_ref(v)
