# METADATA
# title: S3 bucket blocks all public access
# description: >-
#   All four S3 Block Public Access settings are on, so neither an ACL nor a bucket policy can make the
#   bucket or its objects public. New buckets have all four on since April 2023.
# custom:
#   id: S3.4
#   severity: high
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3", "AC-22"]
#     nist-csf-2.0: ["PR.AA-05"]
#     cis-aws-foundations-6.0: ["3.1.4"]
#     soc2-tsc-2017: ["CC6.1", "CC6.6"]
#     pci-dss-4.0.1: ["1.4.4"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls,
#     block_public_policy, ignore_public_acls and restrict_public_buckets all set to true.
package vigil.aws.s3.public_access_block

import data.vigil.lib

settings := [
	"public_access_block.block_public_acls",
	"public_access_block.block_public_policy",
	"public_access_block.ignore_public_acls",
	"public_access_block.restrict_public_buckets",
]

# Absent settings take the default of new buckets since 2023-04: true. A block that is absent or not an
# object has every setting at its default; one with every setting on needs no further look. (The
# settings are written out here: a reference to a rule costs a lookup per bucket.)
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	block := r.attributes.public_access_block
	is_object(block)
	all_on := {
		"block_public_acls": true,
		"block_public_policy": true,
		"ignore_public_acls": true,
		"restrict_public_buckets": true,
	}
	not object.subset(block, all_on)
	effective := object.union(all_on, {k: v | some k, v in block; v != null})
	unknown := {k |
		some u in object.get(r, "unknown", [])
		some k, _ in all_on
		lib.covers(u, concat("", ["public_access_block.", k]))
	}
	known := [k |
		some k in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]
		not k in unknown
	]
	off := [k | some k in known; effective[k] != true]
	count(off) > 0
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q does not block public access: %s not true", [lib.label(r), concat(", ", off)]),
		"evidence": {concat("", ["public_access_block.", k]): effective[k] | some k in known},
	}
}

_denied contains d.resource if some d in deny

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	missing := lib.unknown_paths(r, settings)
	count(missing) > 0
	not r.id in _denied
	result := {
		"resource": r.id,
		"message": sprintf("public access block settings of bucket %q are unknown", [lib.label(r)]),
		"missing": missing,
	}
}

# A public access block of the wrong type cannot be read (absent or null is the default, every setting on).
unknown contains lib.wrong_type_result(r, ["public_access_block"]) if {
	some r in lib.resources("aws.s3.bucket")
	not is_object(r.attributes.public_access_block)
	r.attributes.public_access_block != null
}
