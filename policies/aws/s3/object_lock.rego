# METADATA
# title: S3 bucket has Object Lock enabled
# description: >-
#   Object Lock stores objects write-once-read-many: a version cannot be deleted or overwritten before its
#   retention ends, so ransomware or a compromised writer cannot destroy what the bucket holds.
# custom:
#   id: S3.9
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#   remediation: >-
#     Create the bucket with object_lock_enabled = true and add an aws_s3_bucket_object_lock_configuration
#     with a default retention (Object Lock can be turned on for an existing bucket through AWS Support or
#     the API, with versioning enabled).
package vigil.aws.s3.object_lock

import data.vigil.lib

# An absent or null object_lock.enabled takes its documented default (false, docs/inventory.md).
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not r.attributes.object_lock.enabled == true
	not lib.is_unknown(r, "object_lock.enabled")
	v := lib.attribute(r, ["object_lock", "enabled"], false)
	v != true
	result := {
		"resource": r.id,
		"message": sprintf("S3 bucket %q does not have Object Lock enabled", [lib.label(r)]),
		"evidence": {"object_lock.enabled": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	lib.is_unknown(r, "object_lock.enabled")
	result := {
		"resource": r.id,
		"message": sprintf("Object Lock of S3 bucket %q is unknown", [lib.label(r)]),
		"missing": ["object_lock.enabled"],
	}
}
