# METADATA
# title: CloudFront distributions require TLS 1.2 or later from viewers
# description: >-
#   The viewer certificate's minimum protocol version sets the oldest TLS version viewers may use. With the
#   default *.cloudfront.net certificate CloudFront accepts TLS 1.0 whatever is asked, so the distribution
#   needs its own certificate and a TLSv1.2 policy.
# custom:
#   id: CLOUDFRONT.2
#   severity: high
#   resource_types: [aws.cloudfront.distribution]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     In viewer_certificate of the aws_cloudfront_distribution set acm_certificate_arn (a certificate in us-
#     east-1), ssl_support_method = "sni-only" and minimum_protocol_version = "TLSv1.2_2021".
package vigil.aws.cloudfront.viewer_tls

import data.vigil.lib

_default_cert(r) if r.attributes.viewer_certificate.cloudfront_default_certificate == true

_version(r) := lib.attribute(r, ["viewer_certificate", "minimum_protocol_version"], "TLSv1")

deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	_default_cert(r)
	not lib.is_unknown(r, "viewer_certificate.cloudfront_default_certificate")
	result := lib.failure(r, sprintf("CloudFront distribution %q uses the default certificate, which accepts TLS 1.0", [lib.label(r)]), {"viewer_certificate.cloudfront_default_certificate": true})
}

# Absent minimum_protocol_version means the provider's default: TLSv1.
deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	not _default_cert(r)
	not lib.is_unknown(r, "viewer_certificate.cloudfront_default_certificate")
	not lib.is_unknown(r, "viewer_certificate.minimum_protocol_version")
	v := _version(r)
	v in lib.cloudfront_outdated_viewer_protocols
	result := lib.failure(r, sprintf("CloudFront distribution %q accepts viewers on TLS below 1.2 (minimum %s)", [lib.label(r), v]), {"viewer_certificate.minimum_protocol_version": v})
}

unknown contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	not _default_cert(r)
	missing := _missing(r)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("minimum TLS version of CloudFront distribution %q is unknown or not recognised", [lib.label(r)]), missing)
}

_missing(r) := m if {
	m := lib.unknown_paths(r, ["viewer_certificate.cloudfront_default_certificate", "viewer_certificate.minimum_protocol_version"])
	count(m) > 0
} else := ["viewer_certificate.minimum_protocol_version"] if {
	v := _version(r)
	not v in lib.cloudfront_outdated_viewer_protocols
	not v in lib.cloudfront_modern_viewer_protocols
} else := []
