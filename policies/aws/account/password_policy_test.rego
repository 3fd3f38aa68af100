package vigil.aws.account.password_policy_test

import data.vigil.aws.account.password_policy

account(attrs, unknown) := {"by_type": {"aws.account": [{
	"id": "arn:aws:iam::123456789012:root",
	"type": "aws.account",
	"name": "123456789012",
	"account": "123456789012",
	"attributes": attrs,
	"unknown": unknown,
}]}}

strong := {
	"minimum_password_length": 14,
	"require_symbols": false,
	"require_numbers": false,
	"require_uppercase_characters": false,
	"require_lowercase_characters": false,
	"max_password_age": null,
	"password_reuse_prevention": 24,
	"allow_users_to_change_password": true,
	"hard_expiry": false,
}

test_strong_policy_passes if {
	inp := account({"password_policy": strong}, [])
	count(password_policy.deny) == 0 with input as inp
	count(password_policy.unknown) == 0 with input as inp
}

test_character_classes_and_expiry_are_not_required if {
	inp := account({"password_policy": object.union(strong, {"minimum_password_length": 32, "max_password_age": null})}, [])
	count(password_policy.deny) == 0 with input as inp
}

test_short_passwords_fail if {
	denies := password_policy.deny with input as account({"password_policy": object.union(strong, {"minimum_password_length": 8})}, [])
	count(denies) == 1
	some d in denies
	d.message == "IAM password policy of account \"123456789012\" is weak: minimum_password_length 8 < 14"
	d.evidence["password_policy.minimum_password_length"] == 8
	d.evidence["password_policy.password_reuse_prevention"] == 24
}

test_reuse_not_set_counts_as_zero if {
	denies := password_policy.deny with input as account({"password_policy": object.union(strong, {"password_reuse_prevention": null, "minimum_password_length": 13})}, [])
	count(denies) == 1
	some d in denies
	d.message == "IAM password policy of account \"123456789012\" is weak: minimum_password_length 13 < 14, password_reuse_prevention 0 < 24"
	d.evidence["password_policy.password_reuse_prevention"] == null
}

test_no_policy_fails if {
	inp := account({"password_policy": null}, [])
	denies := password_policy.deny with input as inp
	count(denies) == 1
	some d in denies
	d.evidence.password_policy == null
	count(password_policy.unknown) == 0 with input as inp
}

test_unknown_policy_is_unknown if {
	inp := account({}, ["password_policy"])
	count(password_policy.deny) == 0 with input as inp
	unknowns := password_policy.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["password_policy"]
}

test_not_collected_is_unknown_never_a_pass if {
	inp := account({"root_mfa_enabled": true}, [])
	count(password_policy.deny) == 0 with input as inp
	count(password_policy.unknown) == 1 with input as inp
}

test_unknown_setting_is_unknown if {
	inp := account({"password_policy": object.union(strong, {"minimum_password_length": null})}, ["password_policy.minimum_password_length"])
	unknowns := password_policy.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["password_policy.minimum_password_length"]
	count(password_policy.deny) == 0 with input as inp
}

test_known_weakness_wins_over_unknown_setting if {
	inp := account({"password_policy": object.union(strong, {"minimum_password_length": null, "password_reuse_prevention": 5})}, ["password_policy.minimum_password_length"])
	count(password_policy.deny) == 1 with input as inp
	count(password_policy.unknown) == 0 with input as inp
}
