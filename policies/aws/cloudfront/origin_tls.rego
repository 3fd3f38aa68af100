# METADATA
# title: CloudFront custom origins do not accept TLS below 1.2
# description: >-
#   origin_ssl_protocols lists the protocols CloudFront may use with a custom origin over HTTPS; SSLv3, TLSv1
#   and TLSv1.1 are deprecated and let a downgrade expose the traffic. Origins reached only over HTTP are
#   judged by CLOUDFRONT.4.
# custom:
#   id: CLOUDFRONT.5
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Set custom_origin_config { origin_ssl_protocols = ["TLSv1.2"] } on each custom origin of the
#     aws_cloudfront_distribution.
package vigil.aws.cloudfront.origin_tls

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_weak(o) if {
	o.s3 == false
	o.origin_protocol_policy != "http-only"
	some p in o.origin_ssl_protocols
	p in lib.cloudfront_outdated_origin_protocols
}

deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	weak := [{"origin_id": lib.object_get(o, "origin_id", null), "origin_ssl_protocols": o.origin_ssl_protocols} | some o in _list(r, "origins"); _weak(o)]
	count(weak) > 0
	result := lib.failure(r, sprintf("CloudFront distribution %q lets custom origins use TLS below 1.2", [lib.label(r)]), {"origins": weak})
}

unknown contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	not _denied(r)
	missing := array.concat(_wrong_list(r, "origins"), lib.element_unknown_paths(r, "origins", ["s3", "origin_protocol_policy", "origin_ssl_protocols"]))
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("origin TLS protocols of CloudFront distribution %q are unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	some o in _list(r, "origins")
	_weak(o)
}
