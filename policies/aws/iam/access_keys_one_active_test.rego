package vigil.aws.iam.access_keys_one_active_test

import data.vigil.aws.iam.access_keys_one_active as rule

user(keys, unknown) := {"by_type": {"aws.iam.user": [{
	"id": "arn:aws:iam::123456789012:user/alice",
	"type": "aws.iam.user",
	"name": "alice",
	"attributes": {"access_keys": keys},
	"unknown": unknown,
}]}}

key(status) := {"id": null, "status": status, "created": "2026-01-01T00:00:00Z", "last_used": null}

test_one_active_key_passes if {
	inp := user([key("Active"), key("Inactive")], [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_no_keys_passes if {
	count(rule.deny) == 0 with input as user([], [])
	count(rule.unknown) == 0 with input as user([], [])
}

test_two_active_keys_fail if {
	denies := rule.deny with input as user([key("Active"), key("Active")], [])
	count(denies) == 1
	some d in denies
	d.message == "IAM user \"alice\" has 2 active access keys"
	count(d.evidence.access_keys) == 2
}

test_unknown_list_is_unknown if {
	inp := user(null, ["access_keys"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["access_keys"]
}

test_not_collected_is_unknown_never_a_pass if {
	inp := {"by_type": {"aws.iam.user": [{"id": "u", "type": "aws.iam.user", "name": "u", "attributes": {}, "unknown": []}]}}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_unknown_status_that_could_make_two_is_unknown if {
	inp := user([key("Active"), {"id": null, "status": null}], ["access_keys.1.status"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["access_keys.1.status"]
}

test_unknown_status_alone_cannot_make_two if {
	inp := user([key("Inactive"), {"id": null, "status": null}], ["access_keys.1.status"])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

# Terraform: two declared keys, default status Active, ages unknown.
test_terraform_two_keys_fail if {
	tf := {"id": null, "status": "Active", "created": null, "last_used": null}
	count(rule.deny) == 1 with input as user([tf, tf], ["access_keys.0.created", "access_keys.1.created"])
}
