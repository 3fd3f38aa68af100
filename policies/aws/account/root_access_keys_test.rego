package vigil.aws.account.root_access_keys_test

import data.vigil.aws.account.root_access_keys

account(attrs, unknown) := {"by_type": {"aws.account": [{
	"id": "arn:aws:iam::123456789012:root",
	"type": "aws.account",
	"name": "123456789012",
	"account": "123456789012",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_no_keys_passes if {
	inp := account({"root_access_keys_present": false}, [])
	count(root_access_keys.deny) == 0 with input as inp
	count(root_access_keys.unknown) == 0 with input as inp
}

test_keys_fail if {
	denies := root_access_keys.deny with input as account({"root_access_keys_present": true}, [])
	count(denies) == 1
	some d in denies
	d.message == "root user of account \"123456789012\" has access keys"
	d.evidence.root_access_keys_present == true
}

test_unknown_is_unknown if {
	inp := account({}, ["root_access_keys_present"])
	count(root_access_keys.deny) == 0 with input as inp
	unknowns := root_access_keys.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["root_access_keys_present"]
}

test_not_collected_is_unknown_never_a_pass if {
	count(root_access_keys.unknown) == 1 with input as account({"root_mfa_enabled": true}, [])
	count(root_access_keys.deny) == 0 with input as account({"root_mfa_enabled": true}, [])
}

test_non_boolean_is_unknown if {
	count(root_access_keys.unknown) == 1 with input as account({"root_access_keys_present": "yes"}, [])
	count(root_access_keys.deny) == 0 with input as account({"root_access_keys_present": "yes"}, [])
}
