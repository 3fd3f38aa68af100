package vigil.aws.iam.console_mfa_test

import data.vigil.aws.iam.console_mfa

user(attrs, unknown) := {"by_type": {"aws.iam.user": [{
	"id": "arn:aws:iam::123456789012:user/alice",
	"type": "aws.iam.user",
	"name": "alice",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_console_user_with_mfa_passes if {
	inp := user({"console_access": true, "mfa_enabled": true}, [])
	count(console_mfa.deny) == 0 with input as inp
	count(console_mfa.unknown) == 0 with input as inp
}

test_console_user_without_mfa_fails if {
	denies := console_mfa.deny with input as user({"console_access": true, "mfa_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "arn:aws:iam::123456789012:user/alice"
	d.message == "IAM user \"alice\" can sign in to the console with a password but has no MFA device"
	d.evidence == {"console_access": true, "mfa_enabled": false}
}

test_user_without_console_passes_whatever_its_mfa if {
	inp := user({"console_access": false, "mfa_enabled": null}, ["mfa_enabled"])
	count(console_mfa.deny) == 0 with input as inp
	count(console_mfa.unknown) == 0 with input as inp
	count(console_mfa.deny) == 0 with input as user({"console_access": false, "mfa_enabled": false}, [])
}

# Terraform: a login profile, and MFA that Terraform cannot tell.
test_terraform_console_user_is_unknown if {
	inp := user({"console_access": true, "mfa_enabled": null}, ["mfa_enabled"])
	count(console_mfa.deny) == 0 with input as inp
	unknowns := console_mfa.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["mfa_enabled"]
}

test_unknown_console_without_mfa_is_unknown if {
	inp := user({"console_access": null, "mfa_enabled": false}, ["console_access"])
	count(console_mfa.deny) == 0 with input as inp
	unknowns := console_mfa.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["console_access"]
}

test_unknown_console_with_mfa_passes if {
	inp := user({"console_access": null, "mfa_enabled": true}, ["console_access"])
	count(console_mfa.deny) == 0 with input as inp
	count(console_mfa.unknown) == 0 with input as inp
}

test_both_unknown if {
	unknowns := console_mfa.unknown with input as user({}, ["console_access", "mfa_enabled"])
	some u in unknowns
	u.missing == ["console_access", "mfa_enabled"]
}

test_mfa_not_collected_is_unknown_never_a_pass if {
	inp := user({"console_access": true}, [])
	count(console_mfa.deny) == 0 with input as inp
	count(console_mfa.unknown) == 1 with input as inp
}
