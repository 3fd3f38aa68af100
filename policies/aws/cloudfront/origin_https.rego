# METADATA
# title: CloudFront custom origins are reached over HTTPS
# description: >-
#   A custom origin reached with http-only, or with match-viewer behind a cache behaviour that allows HTTP,
#   receives viewer requests in clear text between CloudFront and the origin. S3 origins are always reached
#   over HTTPS.
# custom:
#   id: CLOUDFRONT.4
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
#     Set custom_origin_config { origin_protocol_policy = "https-only" } on each custom origin of the
#     aws_cloudfront_distribution (an S3 website endpoint, HTTP only, should become an S3 REST origin with
#     origin access control).
package vigil.aws.cloudfront.origin_https

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

# match-viewer sends HTTP to the origin when a viewer uses HTTP: only behaviours that allow HTTP
# (allow-all) and target the origin let one through.
_plain(_, o) if {
	o.s3 == false
	o.origin_protocol_policy == "http-only"
}

_plain(r, o) if {
	o.s3 == false
	o.origin_protocol_policy == "match-viewer"
	some b in _list(r, "cache_behaviors")
	lib.object_get(b, "viewer_protocol_policy", null) == "allow-all"
	lib.object_get(b, "target_origin_id", null) == lib.object_get(o, "origin_id", null)
}

deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	plain := [{"origin_id": lib.object_get(o, "origin_id", null), "origin_protocol_policy": o.origin_protocol_policy} | some o in _list(r, "origins"); _plain(r, o)]
	count(plain) > 0
	result := lib.failure(r, sprintf("CloudFront distribution %q reaches custom origins over HTTP", [lib.label(r)]), {"origins": plain})
}

unknown contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	not _denied(r)
	missing := array.concat(
		array.concat(_wrong_list(r, "origins"), lib.element_unknown_paths(r, "origins", ["s3", "origin_id", "origin_protocol_policy"])),
		_behaviours_missing(r),
	)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("origin protocol of CloudFront distribution %q is unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	some o in _list(r, "origins")
	_plain(r, o)
}

# Behaviours matter only for a match-viewer origin.
_behaviours_missing(r) := paths if {
	some o in _list(r, "origins")
	o.origin_protocol_policy == "match-viewer"
	paths := lib.element_unknown_paths(r, "cache_behaviors", ["target_origin_id", "viewer_protocol_policy"])
} else := []
