# METADATA
# title: CloudFront S3 origins use origin access control
# description: >-
#   Without origin access control (or the legacy origin access identity) CloudFront reads an S3 origin
#   anonymously, so the bucket must be public and its objects can be fetched around the distribution, its WAF
#   and its access logs.
# custom:
#   id: CLOUDFRONT.3
#   severity: high
#   resource_types: [aws.cloudfront.distribution]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Create an aws_cloudfront_origin_access_control (origin type s3, signing_behavior "always") and set
#     origin_access_control_id on each S3 origin; let only the distribution read the bucket in its policy.
package vigil.aws.cloudfront.s3_origin_access

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_open(o) if {
	o.s3 == true
	not lib.is_set(lib.object_get(o, "origin_access_control_id", null))
	not lib.is_set(lib.object_get(o, "origin_access_identity", null))
}

deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	open := [{"origin_id": lib.object_get(o, "origin_id", null), "domain_name": lib.object_get(o, "domain_name", null)} |
		some i, o in _list(r, "origins")
		_open(o)
		count(lib.unknown_paths(r, [sprintf("origins.%d.origin_access_control_id", [i]), sprintf("origins.%d.origin_access_identity", [i])])) == 0
	]
	count(open) > 0
	result := lib.failure(r, sprintf("CloudFront distribution %q reads S3 origins without origin access control", [lib.label(r)]), {"origins": open})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.cloudfront.distribution")
	not _denied(r)
	missing := _missing(r)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("origin access of the S3 origins of CloudFront distribution %q is unknown", [lib.label(r)]), missing)
}

unknown contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	missing := _wrong_list(r, "origins")
	count(missing) > 0
	result := lib.wrong_type_result(r, missing)
}

_denied(r) if {
	some i, o in _list(r, "origins")
	_open(o)
	count(lib.unknown_paths(r, [sprintf("origins.%d.origin_access_control_id", [i]), sprintf("origins.%d.origin_access_identity", [i])])) == 0
}

# An origin whose kind is unknown, or an S3 origin whose access setting is unknown and has no other set.
_missing(r) := ["origins"] if lib.is_unknown(r, "origins")
else := [p |
	some i, o in _list(r, "origins")
	some p in _origin_missing(r, i, o)
]

_origin_missing(r, i, _) := [sprintf("origins.%d.s3", [i])] if lib.is_unknown(r, sprintf("origins.%d.s3", [i]))

_origin_missing(r, i, o) := paths if {
	o.s3 == true
	not lib.is_set(lib.object_get(o, "origin_access_control_id", null))
	not lib.is_set(lib.object_get(o, "origin_access_identity", null))
	paths := lib.unknown_paths(r, [sprintf("origins.%d.origin_access_control_id", [i]), sprintf("origins.%d.origin_access_identity", [i])])
}
