# METADATA
# title: S3 bucket server access logging is enabled
# description: >-
#   Server access logs record every request made to the bucket (requester, operation, object, result),
#   which investigations and access reviews rely on; CloudTrail data events are not enabled by default.
# custom:
#   id: S3.5
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Add an aws_s3_bucket_logging for the bucket with target_bucket set to a dedicated log bucket and a
#     target_prefix.
package vigil.aws.s3.access_logging

import data.vigil.lib

# Absent logging means none is configured (the AWS default).
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not r.attributes.logging.enabled == true
	not lib.is_unknown(r, "logging.enabled")
	enabled := lib.attribute(r, ["logging", "enabled"], false)
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q has server access logging disabled", [lib.label(r)]),
		"evidence": {"logging.enabled": enabled},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	lib.is_unknown(r, "logging.enabled")
	result := {
		"resource": r.id,
		"message": sprintf("server access logging of bucket %q is unknown", [lib.label(r)]),
		"missing": ["logging.enabled"],
	}
}
