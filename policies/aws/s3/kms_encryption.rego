# METADATA
# title: S3 bucket default encryption uses a KMS key
# description: >-
#   Default encryption uses AWS KMS (aws:kms or aws:kms:dsse) rather than S3-managed keys, so who may
#   decrypt is governed by a key policy, every use of the key is logged, and the key can be disabled.
# custom:
#   id: S3.3
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     In the bucket's aws_s3_bucket_server_side_encryption_configuration set sse_algorithm = "aws:kms",
#     kms_master_key_id to a customer managed aws_kms_key, and bucket_key_enabled = true.
package vigil.aws.s3.kms_encryption

import data.vigil.lib

needed := ["encryption.enabled", "encryption.algorithm"]

# Default encryption disabled: no KMS key protects new objects.
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	enabled := r.attributes.encryption.enabled
	enabled != true
	enabled != null
	not lib.is_unknown(r, "encryption.enabled")
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q has no default encryption, so no KMS key is used", [lib.label(r)]),
		"evidence": {"encryption.enabled": enabled},
	}
}

# Encrypted, with an algorithm other than a KMS one (aws:kms, aws:kms:dsse); absent or null means the
# SSE-S3 default (AES256).
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not object.get(r, ["attributes", "encryption", "algorithm"], null) in {"aws:kms", "aws:kms:dsse"}
	lib.attribute(r, ["encryption", "enabled"], true) == true
	count(lib.unknown_paths(r, needed)) == 0
	algorithm := lib.attribute(r, ["encryption", "algorithm"], "AES256")
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q encrypts with %q instead of a KMS key", [lib.label(r), algorithm]),
		"evidence": {
			"encryption.enabled": true,
			"encryption.algorithm": algorithm,
			"encryption.configured": lib.attribute(r, ["encryption", "configured"], false),
		},
	}
}

_denied contains d.resource if some d in deny

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	missing := lib.unknown_paths(r, needed)
	count(missing) > 0
	not r.id in _denied
	result := {
		"resource": r.id,
		"message": sprintf("default encryption algorithm of bucket %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
