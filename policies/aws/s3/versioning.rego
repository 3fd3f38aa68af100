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
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"]
#   remediation: >-
#     Add an aws_s3_bucket_versioning resource for the bucket with
#     versioning_configuration { status = "Enabled" }.
package vigil.aws.s3.versioning

import data.vigil.lib

# Absent versioning means the AWS default: versioning never enabled.
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not r.attributes.versioning.enabled == true
	not lib.is_unknown(r, "versioning.enabled")
	enabled := lib.attribute(r, ["versioning", "enabled"], false)
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q has versioning disabled", [lib.label(r)]),
		"evidence": {
			"versioning.enabled": enabled,
			"versioning.configured": lib.attribute(r, ["versioning", "configured"], false),
		},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	lib.is_unknown(r, "versioning.enabled")
	result := {
		"resource": r.id,
		"message": sprintf("versioning status of bucket %q is unknown", [lib.label(r)]),
		"missing": ["versioning.enabled"],
	}
}
