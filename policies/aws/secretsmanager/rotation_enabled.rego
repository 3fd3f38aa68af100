# METADATA
# title: Secrets Manager secret has automatic rotation enabled
# description: >-
#   Secrets Manager rotates the secret automatically with a rotation function, so a leaked credential
#   stops working without anyone having to act.
# custom:
#   id: SM.1
#   severity: medium
#   resource_types: [aws.secretsmanager.secret]
#   controls:
#     iso27001-2022: ["5.17"]
#     nist-800-53-r5: ["IA-5"]
#     nist-csf-2.0: ["PR.AA-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.308(a)(5)(ii)(D)"]
#   remediation: >-
#     Add an aws_secretsmanager_secret_rotation for the secret with rotation_lambda_arn (or a managed
#     rotation) and rotation_rules { automatically_after_days = 30 }.
package vigil.aws.secretsmanager.rotation_enabled

import data.vigil.lib

# Absent rotation.enabled means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	not r.attributes.rotation.enabled == true
	not lib.is_unknown(r, "rotation.enabled")
	v := lib.attribute(r, ["rotation", "enabled"], false)
	result := lib.failure(r, sprintf("secret %q is not rotated automatically", [lib.label(r)]), {"rotation.enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.secretsmanager.secret")
	lib.is_unknown(r, "rotation.enabled")
	result := lib.unknown_result(r, sprintf("rotation of secret %q is unknown", [lib.label(r)]), ["rotation.enabled"])
}
