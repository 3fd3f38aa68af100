package vigil.aws.iam.credentials_unused_test

import data.vigil.aws.iam.credentials_unused as rule

user(attrs, unknown) := {"by_type": {"aws.iam.user": [{
	"id": "arn:aws:iam::123456789012:user/alice",
	"type": "aws.iam.user",
	"name": "alice",
	"attributes": attrs,
	"unknown": unknown,
}]}}

key(status, unused) := {"id": null, "status": status, "age_days": 100, "days_unused": unused}

test_recently_used_credentials_pass if {
	inp := user({"console_access": true, "password_days_unused": 44, "access_keys": [key("Active", 3)]}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_user_without_credentials_passes if {
	inp := user({"console_access": false, "password_days_unused": null, "access_keys": []}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_stale_password_fails if {
	denies := rule.deny with input as user({"console_access": true, "password_days_unused": 45, "access_keys": []}, [])
	count(denies) == 1
	some d in denies
	d.message == "IAM user \"alice\" has credentials unused for 45 days or more: password (45 days)"
	d.evidence.stale == [{"credential": "password", "days_unused": 45}]
}

test_stale_active_key_fails if {
	denies := rule.deny with input as user({"console_access": false, "access_keys": [key("Inactive", 400), key("Active", 60)]}, [])
	some d in denies
	d.message == "IAM user \"alice\" has credentials unused for 45 days or more: access key 2 (60 days)"
}

test_stale_inactive_key_passes if {
	inp := user({"console_access": false, "access_keys": [key("Inactive", 400)]}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

# Terraform: a login profile and a key, when they were used is not in the source.
test_terraform_credentials_are_unknown if {
	inp := user(
		{"console_access": true, "password_days_unused": null, "access_keys": [{"status": "Active", "days_unused": null}]},
		["access_keys.0.days_unused", "password_days_unused"],
	)
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["password_days_unused", "access_keys.0.days_unused"]
}

test_terraform_user_without_credentials_passes if {
	inp := user({"console_access": false, "password_days_unused": null, "access_keys": []}, ["password_days_unused"])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_known_stale_wins_over_unknown if {
	inp := user({"console_access": true, "password_days_unused": 90, "access_keys": null}, ["access_keys"])
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_not_collected_is_unknown if {
	unknowns := rule.unknown with input as user({}, [])
	some u in unknowns
	u.missing == ["console_access", "password_days_unused", "access_keys"]
}
