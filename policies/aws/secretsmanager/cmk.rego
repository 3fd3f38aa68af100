# METADATA
# title: Secrets Manager secret is encrypted with a customer managed KMS key
# description: >-
#   The secret is encrypted with a customer managed key rather than the AWS managed key
#   aws/secretsmanager, so the key policy can restrict who may decrypt it and the secret can be shared
#   with other accounts.
# custom:
#   id: SM.3
#   severity: low
#   resource_types: [aws.secretsmanager.secret]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Create an aws_kms_key and set kms_key_id on the aws_secretsmanager_secret to it.
package vigil.aws.secretsmanager.cmk

import data.vigil.lib

# No key: the AWS managed key aws/secretsmanager encrypts the secret.
deny contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	not lib.is_set(object.get(r.attributes, "kms_key_id", null))
	not lib.is_unknown(r, "kms_key_id")
	result := lib.failure(r, sprintf("secret %q is encrypted with the AWS managed key aws/secretsmanager", [lib.label(r)]), {"kms_key_id": object.get(r.attributes, "kms_key_id", null)})
}

# The AWS managed key, named by its alias: its policy is AWS's, so who may decrypt cannot be restricted.
deny contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	key := r.attributes.kms_key_id
	aws_managed(key)
	result := lib.failure(r, sprintf("secret %q uses the AWS managed key %q, not a customer managed key", [lib.label(r), key]), {"kms_key_id": key})
}

aws_managed(key) if {
	is_string(key)
	lower(key) in {"alias/aws/secretsmanager"}
}

aws_managed(key) if {
	is_string(key)
	some alias in {"alias/aws/secretsmanager"}
	endswith(lower(key), concat("", [":", alias]))
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.secretsmanager.secret")
	lib.is_unknown(r, "kms_key_id")
	result := lib.unknown_result(r, sprintf("KMS key of secret %q is unknown", [lib.label(r)]), ["kms_key_id"])
}
