# METADATA
# title: S3 bucket versioning is enabled
# description: >-
#   Versioning keeps every version of every object, so an overwritten or deleted object can be
#   recovered. Without it a bad write or a delete is final.
# custom:
#   id: S3.1
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#   remediation: >-
#     Add an aws_s3_bucket_versioning resource for the bucket with
#     versioning_configuration { status = "Enabled" }.
package vigil.aws.s3.versioning

import data.vigil.lib

# Absent versioning means the AWS default: versioning never enabled.
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not lib.is_unknown(r, "versioning.enabled")
	enabled := lib.value(r, "versioning.enabled", false)
	enabled != true
	result := lib.failure(
		r,
		sprintf("bucket %q has versioning disabled", [lib.label(r)]),
		{
			"versioning.enabled": enabled,
			"versioning.configured": lib.value(r, "versioning.configured", false),
		},
	)
}

unknown contains result if {
	some r in lib.resources("aws.s3.bucket")
	lib.is_unknown(r, "versioning.enabled")
	result := lib.unknown_result(
		r,
		sprintf("versioning status of bucket %q is unknown", [lib.label(r)]),
		["versioning.enabled"],
	)
}
