# METADATA
# title: IAM users with a console password have MFA enabled
# description: >-
#   Every IAM user who can sign in to the AWS console with a password also has an MFA device, so a leaked
#   or guessed password alone does not open the account. Users without a console password are out of
#   scope and pass. Terraform cannot associate an MFA device with a user, so a console user declared in
#   Terraform (aws_iam_user_login_profile) is unknown; live scans read ListMFADevices (or the credential
#   report).
# custom:
#   id: IAM.6
#   severity: high
#   resource_types: [aws.iam.user]
#   controls:
#     iso27001-2022: ["8.5"]
#     nist-800-53-r5: ["IA-2(1)", "IA-2(2)"]
#     nist-csf-2.0: ["PR.AA-03"]
#     cis-aws-foundations-6.0: ["2.9"]
#   remediation: >-
#     Assign an MFA device (a FIDO security key or passkey is preferred) to the user under IAM > Users >
#     Security credentials, and enforce it with a policy that denies actions when aws:MultiFactorAuthPresent
#     is false; or remove the user's aws_iam_user_login_profile if it needs no console access.
package vigil.aws.iam.console_mfa

import data.vigil.lib

# console_access absent: no login profile (false); mfa_enabled has no default.
deny contains result if {
	some r in lib.resources("aws.iam.user")
	r.attributes.console_access == true
	r.attributes.mfa_enabled == false
	not lib.is_unknown(r, "console_access")
	not lib.is_unknown(r, "mfa_enabled")
	result := {
		"resource": r.id,
		"message": sprintf("IAM user %q can sign in to the console with a password but has no MFA device", [lib.label(r)]),
		"evidence": {"console_access": true, "mfa_enabled": false},
	}
}

console_unknown(r) if lib.is_unknown(r, "console_access")

console_unknown(r) if {
	not lib.is_unknown(r, "console_access")
	v := lib.attribute(r, ["console_access"], false)
	not is_boolean(v)
}

mfa_unknown(r) if lib.is_unknown(r, "mfa_enabled")

mfa_unknown(r) if not is_boolean(object.get(r.attributes, "mfa_enabled", null))

# A user known to have no console password passes whatever its MFA; a user known to have MFA passes
# whatever its console access.
maybe_console(r) if r.attributes.console_access == true

maybe_console(r) if console_unknown(r)

unknown contains result if {
	some r in lib.resources("aws.iam.user")
	maybe_console(r)
	mfa_unknown(r)
	missing := array.concat(["console_access" | console_unknown(r)], ["mfa_enabled"])
	result := {
		"resource": r.id,
		"message": sprintf("whether IAM user %q has MFA for console sign-in is unknown", [lib.label(r)]),
		"missing": missing,
	}
}

unknown contains result if {
	some r in lib.resources("aws.iam.user")
	console_unknown(r)
	r.attributes.mfa_enabled == false
	not lib.is_unknown(r, "mfa_enabled")
	result := {
		"resource": r.id,
		"message": sprintf("IAM user %q has no MFA device and whether it can sign in to the console is unknown", [lib.label(r)]),
		"missing": ["console_access"],
	}
}
