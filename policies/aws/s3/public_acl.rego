# METADATA
# title: S3 bucket has no public canned ACL
# description: >-
#   The bucket's canned ACL does not grant access to everyone (public-read, public-read-write) or to
#   every AWS account holder (authenticated-read).
# custom:
#   id: S3.7
#   severity: high
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3", "AC-22"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.1", "CC6.6"]
#     pci-dss-4.0.1: ["1.4.4"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Remove the public acl from aws_s3_bucket / aws_s3_bucket_acl (use "private" or, better, disable
#     ACLs with aws_s3_bucket_ownership_controls object_ownership = "BucketOwnerEnforced") and grant
#     access with a bucket policy instead.
package vigil.aws.s3.public_acl

import data.vigil.lib

# A null or absent acl means no canned ACL was set: the bucket is private.
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	acl := r.attributes.acl
	acl in {"public-read", "public-read-write", "authenticated-read"}
	not lib.is_unknown(r, "acl")
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q has the public canned ACL %q", [lib.label(r), acl]),
		"evidence": {"acl": acl},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	lib.is_unknown(r, "acl")
	result := {
		"resource": r.id,
		"message": sprintf("canned ACL of bucket %q is unknown", [lib.label(r)]),
		"missing": ["acl"],
	}
}
