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

# Only symmetric encryption keys support automatic rotation. Absent values take the AWS defaults.
rotatable := {"key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT"}

# The paths the rule reads: the rotation flag, and those that decide scope.
needed := ["rotation_enabled", "key_spec", "key_usage"]

# in_scope is true when both key_spec and key_usage are the rotatable values or absent (the defaults).
# The values are written out: a reference to a rule costs a lookup per key.
in_scope(r) if {
	object.get(r, ["attributes", "key_spec"], null) in {null, "SYMMETRIC_DEFAULT"}
	object.get(r, ["attributes", "key_usage"], null) in {null, "ENCRYPT_DECRYPT"}
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
	not r.attributes.rotation_enabled == true
	in_scope(r)
	count(lib.unknown_paths(r, ["rotation_enabled", "key_spec", "key_usage"])) == 0
	enabled := lib.attribute(r, ["rotation_enabled"], false)
	result := {
		"resource": r.id,
		"message": sprintf("KMS key %q has automatic key rotation disabled", [lib.label(r)]),
		"evidence": {
			"rotation_enabled": enabled,
			"key_spec": "SYMMETRIC_DEFAULT",
			"key_usage": "ENCRYPT_DECRYPT",
		},
	}
}

passes(r) if {
	not lib.is_unknown(r, "rotation_enabled")
	lib.attribute(r, ["rotation_enabled"], false) == true
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.kms.key")
	not out_of_scope(r)
	not passes(r)
	missing := lib.unknown_paths(r, needed)
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("rotation of KMS key %q cannot be evaluated", [lib.label(r)]),
		"missing": missing,
	}
}
