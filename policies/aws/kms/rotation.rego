# METADATA
# title: KMS key has automatic rotation enabled
# description: >-
#   AWS KMS rotates the key material of a symmetric encryption key automatically (yearly by default),
#   limiting how much data one key version protects. Asymmetric, HMAC and other non ENCRYPT_DECRYPT keys
#   do not support automatic rotation and are not checked.
# custom:
#   id: KMS.1
#   severity: medium
#   resource_types: [aws.kms.key]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#   remediation: >-
#     Set enable_key_rotation = true (optionally rotation_period_in_days) on the aws_kms_key.
package vigil.aws.kms.rotation

import data.vigil.lib

path := "rotation_enabled"

# Only symmetric encryption keys support automatic rotation. Absent values take the AWS defaults.
rotatable := {"key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT"}

scope_paths := ["key_spec", "key_usage"]

in_scope(r) if {
	every p, want in rotatable {
		lib.value(r, p, want) == want
	}
}

# out_of_scope: known to be a key that cannot rotate automatically (asymmetric, HMAC, SIGN_VERIFY...).
out_of_scope(r) if {
	some p, want in rotatable
	not lib.is_unknown(r, p)
	lib.value(r, p, want) != want
}

# Absent rotation_enabled means the default: false.
deny contains result if {
	some r in lib.resources("aws.kms.key")
	count(lib.unknown_paths(r, scope_paths)) == 0
	in_scope(r)
	not lib.is_unknown(r, path)
	enabled := lib.value(r, path, false)
	enabled != true
	result := lib.failure(
		r,
		sprintf("KMS key %q has automatic key rotation disabled", [lib.label(r)]),
		{
			path: enabled,
			"key_spec": lib.value(r, "key_spec", "SYMMETRIC_DEFAULT"),
			"key_usage": lib.value(r, "key_usage", "ENCRYPT_DECRYPT"),
		},
	)
}

passes(r) if {
	not lib.is_unknown(r, path)
	lib.value(r, path, false) == true
}

unknown contains result if {
	some r in lib.resources("aws.kms.key")
	not out_of_scope(r)
	not passes(r)
	missing := lib.unknown_paths(r, array.concat([path], scope_paths))
	count(missing) > 0
	result := lib.unknown_result(
		r,
		sprintf("rotation of KMS key %q cannot be evaluated", [lib.label(r)]),
		missing,
	)
}
