# METADATA
# title: CloudFront distributions have a default root object
# description: >-
#   Without a default root object a request for the distribution's root is passed to the origin as is, which
#   may answer with a listing of its content or an error page that reveals it.
# custom:
#   id: CLOUDFRONT.8
#   severity: low
#   resource_types: [aws.cloudfront.distribution]
#   controls:
#     iso27001-2022: ["8.9"]
#     nist-800-53-r5: ["CM-7"]
#     nist-csf-2.0: ["PR.PS-01"]
#   remediation: >-
#     Set default_root_object (for example "index.html") on the aws_cloudfront_distribution.
package vigil.aws.cloudfront.default_root_object

import data.vigil.lib

# Absent default_root_object means none.
deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	not lib.is_unknown(r, "default_root_object")
	v := lib.attribute(r, ["default_root_object"], null)
	not _ok(v)
	result := lib.failure(r, sprintf("CloudFront distribution %q has no default root object", [lib.label(r)]), {"default_root_object": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.cloudfront.distribution")
	lib.is_unknown(r, "default_root_object")
	result := lib.unknown_result(r, sprintf("default root object of CloudFront distribution %q is unknown", [lib.label(r)]), ["default_root_object"])
}

_ok(v) if lib.is_set(v)
