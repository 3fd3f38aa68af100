# METADATA
# title: CloudFront distributions require HTTPS from viewers
# description: >-
#   A cache behaviour whose viewer protocol policy is allow-all serves its content over HTTP, in clear text
#   and open to tampering; redirect-to-https or https-only keep viewers on HTTPS.
# custom:
#   id: CLOUDFRONT.1
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
#     Set viewer_protocol_policy = "redirect-to-https" (or "https-only") in default_cache_behavior and every
#     ordered_cache_behavior of the aws_cloudfront_distribution.
package vigil.aws.cloudfront.viewer_https

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_plain(b) if lib.object_get(b, "viewer_protocol_policy", null) == "allow-all"

deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	plain := [{"path_pattern": lib.object_get(b, "path_pattern", null), "viewer_protocol_policy": b.viewer_protocol_policy} | some b in _list(r, "cache_behaviors"); _plain(b)]
	count(plain) > 0
	result := lib.failure(r, sprintf("CloudFront distribution %q serves content over HTTP", [lib.label(r)]), {"cache_behaviors": plain})
}

unknown contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	not _denied(r)
	missing := array.concat(lib.unknown_paths_within(r, ["cache_behaviors"]), _wrong_list(r, "cache_behaviors"))
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("viewer protocol policy of CloudFront distribution %q is unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	some b in _list(r, "cache_behaviors")
	_plain(b)
}
