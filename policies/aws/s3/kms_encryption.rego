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
#   remediation: >-
#     In the bucket's aws_s3_bucket_server_side_encryption_configuration set sse_algorithm = "aws:kms",
#     kms_master_key_id to a customer managed aws_kms_key, and bucket_key_enabled = true.
package vigil.aws.s3.kms_encryption

import data.vigil.lib

kms_algorithms := {"aws:kms", "aws:kms:dsse"}

needed := ["encryption.enabled", "encryption.algorithm"]

# Default encryption disabled: no KMS key protects new objects.
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not lib.is_unknown(r, "encryption.enabled")
	lib.value(r, "encryption.enabled", true) != true
	result := lib.failure(
		r,
		sprintf("bucket %q has no default encryption, so no KMS key is used", [lib.label(r)]),
		{"encryption.enabled": lib.value(r, "encryption.enabled", true)},
	)
}

# Encrypted, with an algorithm other than a KMS one; absent means the SSE-S3 default (AES256).
deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	count(lib.unknown_paths(r, needed)) == 0
	lib.value(r, "encryption.enabled", true) == true
	algorithm := lib.value(r, "encryption.algorithm", "AES256")
	not algorithm in kms_algorithms
	result := lib.failure(
		r,
		sprintf("bucket %q encrypts with %q instead of a KMS key", [lib.label(r), algorithm]),
		{
			"encryption.enabled": true,
			"encryption.algorithm": algorithm,
			"encryption.configured": lib.value(r, "encryption.configured", false),
		},
	)
}

_denied contains d.resource if some d in deny

unknown contains result if {
	some r in lib.resources("aws.s3.bucket")
	missing := lib.unknown_paths(r, needed)
	count(missing) > 0
	not r.id in _denied
	result := lib.unknown_result(
		r,
		sprintf("default encryption algorithm of bucket %q is unknown", [lib.label(r)]),
		missing,
	)
}
