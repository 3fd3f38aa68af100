# METADATA
# title: S3 bucket default encryption at rest is enabled
# description: >-
#   Objects written to the bucket are encrypted at rest by default, so data on AWS storage media is
#   unreadable without the key. AWS applies SSE-S3 to every bucket since January 2023 unless it is
#   turned off.
# custom:
#   id: S3.2
#   severity: high
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Add an aws_s3_bucket_server_side_encryption_configuration for the bucket with a rule whose
#     apply_server_side_encryption_by_default sets sse_algorithm = "aws:kms" (or "AES256").
package vigil.aws.s3.encryption

import data.vigil.lib

# Absent encryption means the AWS default since 2023-01: SSE-S3 enabled.
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	enabled := r.attributes.encryption.enabled
	enabled != true
	enabled != null
	not lib.is_unknown(r, "encryption.enabled")
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q has default encryption at rest disabled", [lib.label(r)]),
		"evidence": {
			"encryption.enabled": enabled,
			"encryption.configured": lib.attribute(r, ["encryption", "configured"], false),
		},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	lib.is_unknown(r, "encryption.enabled")
	result := {
		"resource": r.id,
		"message": sprintf("default encryption of bucket %q is unknown", [lib.label(r)]),
		"missing": ["encryption.enabled"],
	}
}

# An encryption setting of the wrong type cannot be read.
unknown contains lib.wrong_type_result(r, ["encryption"]) if {
	some r in lib.resources("aws.s3.bucket")
	not is_object(r.attributes.encryption)
	r.attributes.encryption != null
}

unknown contains lib.wrong_type_result(r, ["encryption.enabled"]) if {
	some r in lib.resources("aws.s3.bucket")
	not is_boolean(r.attributes.encryption.enabled)
	r.attributes.encryption.enabled != null
}
