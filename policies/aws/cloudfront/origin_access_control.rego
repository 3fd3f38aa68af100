# METADATA
# title: CloudFront S3 origins use origin access control rather than a legacy origin access identity
# description: >-
#   Origin access control signs every request to the S3 origin with short-term SigV4 credentials and works
#   with SSE-KMS buckets and every region; the legacy origin access identity does neither. S3 origins without
#   either are judged by CLOUDFRONT.3.
# custom:
#   id: CLOUDFRONT.9
#   severity: low
#   resource_types: [aws.cloudfront.distribution]
#   controls:
#     iso27001-2022: ["8.5"]
#     nist-800-53-r5: ["IA-9"]
#     nist-csf-2.0: ["PR.AA-03"]
#   remediation: >-
#     Create an aws_cloudfront_origin_access_control, set origin_access_control_id on the origin, remove
#     origin_access_identity from its s3_origin_config, and grant the distribution (not the identity) read
#     access in the bucket policy.
package vigil.aws.cloudfront.origin_access_control

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_legacy(o) if {
	o.s3 == true
	lib.is_set(lib.object_get(o, "origin_access_identity", null))
	not lib.is_set(lib.object_get(o, "origin_access_control_id", null))
}

deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	legacy := [lib.object_get(o, "origin_id", null) |
		some i, o in _list(r, "origins")
		_legacy(o)
		not lib.is_unknown(r, sprintf("origins.%d.origin_access_control_id", [i]))
	]
	count(legacy) > 0
	result := lib.failure(r, sprintf("CloudFront distribution %q reaches S3 origins through a legacy origin access identity", [lib.label(r)]), {"origin_ids": legacy})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.cloudfront.distribution")
	not _denied(r)
	missing := lib.element_unknown_paths(r, "origins", ["s3", "origin_access_identity", "origin_access_control_id"])
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("origin access of the S3 origins of CloudFront distribution %q is unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	some i, o in _list(r, "origins")
	_legacy(o)
	not lib.is_unknown(r, sprintf("origins.%d.origin_access_control_id", [i]))
}
