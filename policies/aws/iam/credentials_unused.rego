# METADATA
# title: IAM credentials unused for 45 days or more are disabled
# description: >-
#   No IAM user keeps a console password or an active access key that has not been used for 45 days or
#   more (counted from its creation when it was never used), so credentials nobody needs cannot be stolen
#   and used unnoticed. Live scans read the credential report; Terraform cannot know when a credential was
#   last used, so a declared console password or active key is unknown.
# custom:
#   id: IAM.9
#   severity: medium
#   resource_types: [aws.iam.user]
#   controls:
#     iso27001-2022: ["5.18"]
#     nist-800-53-r5: ["AC-2(3)"]
#     nist-csf-2.0: ["PR.AA-01"]
#     cis-aws-foundations-6.0: ["2.11"]
#   remediation: >-
#     Delete the user's login profile (aws_iam_user_login_profile) if the password is not used, and
#     deactivate or delete unused access keys (aws_iam_access_key status = "Inactive"); review the user.
package vigil.aws.iam.credentials_unused

import data.vigil.lib

max_days := 45

keys(r) := object.get(r.attributes, "access_keys", null)

keys_known(r) if {
	is_array(keys(r))
	not lib.is_unknown(r, "access_keys")
}

console_known(r) if {
	is_boolean(object.get(r.attributes, "console_access", null))
	not lib.is_unknown(r, "console_access")
}

password_days(r) := d if {
	d := object.get(r.attributes, "password_days_unused", null)
	is_number(d)
	not lib.is_unknown(r, "password_days_unused")
}

stale(r) := array.concat(
	[{"credential": "password", "days_unused": d} |
		r.attributes.console_access == true
		console_known(r)
		d := password_days(r)
		d >= max_days
	],
	[{"credential": sprintf("access key %d", [i + 1]), "days_unused": d} |
		keys_known(r)
		some i, k in keys(r)
		lib.object_get(k, "status", null) == "Active"
		d := lib.object_get(k, "days_unused", null)
		is_number(d)
		not lib.is_unknown(r, sprintf("access_keys.%d.days_unused", [i]))
		d >= max_days
	],
)

deny contains result if {
	some r in lib.resources("aws.iam.user")
	found := stale(r)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("IAM user %q has credentials unused for %d days or more: %s", [
			lib.label(r), max_days,
			concat(", ", [sprintf("%s (%v days)", [f.credential, f.days_unused]) | some f in found]),
		]),
		"evidence": {"stale": found, "max_days": max_days},
	}
}

may_have_password(r) if r.attributes.console_access == true

may_have_password(r) if not console_known(r)

missing(r) := array.concat(
	array.concat(
		["console_access" | not console_known(r)],
		["password_days_unused" | may_have_password(r); not password_days(r)],
	),
	key_missing(r),
)

key_missing(r) := ["access_keys"] if not keys_known(r)

else := array.concat(
	[sprintf("access_keys.%d.status", [i]) | some i, k in keys(r); not is_string(lib.object_get(k, "status", null))],
	[sprintf("access_keys.%d.days_unused", [i]) |
		some i, k in keys(r)
		may_be_active(k)
		days_unknown(r, i, k)
	],
)

may_be_active(k) if lib.object_get(k, "status", null) == "Active"

may_be_active(k) if not is_string(lib.object_get(k, "status", null))

days_unknown(r, i, _) if lib.is_unknown(r, sprintf("access_keys.%d.days_unused", [i]))

days_unknown(_, _, k) if not is_number(lib.object_get(k, "days_unused", null))

unknown contains result if {
	some r in lib.resources("aws.iam.user")
	count(stale(r)) == 0
	m := missing(r)
	count(m) > 0
	result := {
		"resource": r.id,
		"message": sprintf("when the credentials of IAM user %q were last used is unknown", [lib.label(r)]),
		"missing": m,
	}
}
