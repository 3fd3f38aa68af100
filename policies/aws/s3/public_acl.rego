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
#   remediation: >-
#     Remove the public acl from aws_s3_bucket / aws_s3_bucket_acl (use "private" or, better, disable
#     ACLs with aws_s3_bucket_ownership_controls object_ownership = "BucketOwnerEnforced") and grant
#     access with a bucket policy instead.
package vigil.aws.s3.public_acl

import data.vigil.lib

public_acls := {"public-read", "public-read-write", "authenticated-read"}

# A null or absent acl means no canned ACL was set: the bucket is private.
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not lib.is_unknown(r, "acl")
	acl := lib.get(r, "acl", null)
	acl in public_acls
	result := lib.failure(
		r,
		sprintf("bucket %q has the public canned ACL %q", [lib.label(r), acl]),
		{"acl": acl},
	)
}

unknown contains result if {
	some r in lib.resources("aws.s3.bucket")
	lib.is_unknown(r, "acl")
	result := lib.unknown_result(r, sprintf("canned ACL of bucket %q is unknown", [lib.label(r)]), ["acl"])
}
