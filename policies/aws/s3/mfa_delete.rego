# METADATA
# title: S3 bucket requires MFA to delete object versions
# description: >-
#   MFA Delete makes deleting an object version or suspending versioning require the root user's MFA
#   code, so stolen access keys alone cannot remove the versions that versioning keeps.
# custom:
#   id: S3.10
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     cis-aws-foundations-6.0: ["3.1.2"]
#   remediation: >-
#     Enable versioning with MFA Delete as the root user (aws s3api put-bucket-versioning with --mfa and
#     MFADelete=Enabled), and record it in aws_s3_bucket_versioning with mfa_delete = "Enabled" and mfa.
package vigil.aws.s3.mfa_delete

import data.vigil.lib

# An absent or null versioning.mfa_delete takes its documented default (false, docs/inventory.md).
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not r.attributes.versioning.mfa_delete == true
	not lib.is_unknown(r, "versioning.mfa_delete")
	v := lib.attribute(r, ["versioning", "mfa_delete"], false)
	v != true
	result := {
		"resource": r.id,
		"message": sprintf("S3 bucket %q does not require MFA to delete object versions", [lib.label(r)]),
		"evidence": {"versioning.mfa_delete": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	lib.is_unknown(r, "versioning.mfa_delete")
	result := {
		"resource": r.id,
		"message": sprintf("MFA Delete of S3 bucket %q is unknown", [lib.label(r)]),
		"missing": ["versioning.mfa_delete"],
	}
}
