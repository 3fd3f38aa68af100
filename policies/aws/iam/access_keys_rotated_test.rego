package vigil.aws.iam.access_keys_rotated_test

import data.vigil.aws.iam.access_keys_rotated as rule

user(keys, unknown) := {"by_type": {"aws.iam.user": [{
	"id": "arn:aws:iam::123456789012:user/alice",
	"type": "aws.iam.user",
	"name": "alice",
	"attributes": {"access_keys": keys},
	"unknown": unknown,
}]}}

key(status, age) := {"id": null, "status": status, "created": "2025-01-01T00:00:00Z", "last_used": null, "age_days": age, "days_unused": age}

test_recent_key_passes if {
	inp := user([key("Active", 90)], [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_old_inactive_key_is_out_of_scope if {
	inp := user([key("Inactive", 900), key("Active", 3)], [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_old_active_key_fails if {
	denies := rule.deny with input as user([key("Active", 10), key("Active", 91)], [])
	count(denies) == 1
	some d in denies
	d.message == "IAM user \"alice\" has an active access key older than 90 days (key 2: 91 days)"
	d.evidence.max_age_days == 90
}

test_no_keys_passes if {
	count(rule.deny) == 0 with input as user([], [])
	count(rule.unknown) == 0 with input as user([], [])
}

# Terraform: the key's creation is AWS's.
test_terraform_key_is_unknown if {
	tf := {"id": null, "status": "Active", "created": null, "last_used": null, "age_days": null, "days_unused": null}
	inp := user([tf], ["access_keys.0.age_days", "access_keys.0.created"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["access_keys.0.age_days"]
}

test_terraform_inactive_key_passes if {
	tf := {"id": null, "status": "Inactive", "age_days": null}
	inp := user([tf], ["access_keys.0.age_days"])
	count(rule.unknown) == 0 with input as inp
}

test_unknown_status_is_unknown if {
	inp := user([{"status": null, "age_days": 400}], ["access_keys.0.status"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["access_keys.0.status"]
}

test_known_old_key_wins_over_unknown if {
	inp := user([key("Active", 200), {"status": "Active", "age_days": null}], ["access_keys.1.age_days"])
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_list_is_unknown if {
	inp := user(null, ["access_keys"])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
