package vigil.aws.account.root_mfa_test

import data.vigil.aws.account.root_mfa

account(attrs, unknown) := {"by_type": {"aws.account": [{
	"id": "arn:aws:iam::123456789012:root",
	"type": "aws.account",
	"name": "123456789012",
	"account": "123456789012",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_mfa_enabled_passes if {
	inp := account({"root_mfa_enabled": true}, [])
	count(root_mfa.deny) == 0 with input as inp
	count(root_mfa.unknown) == 0 with input as inp
}

test_no_mfa_fails if {
	denies := root_mfa.deny with input as account({"root_mfa_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "arn:aws:iam::123456789012:root"
	d.message == "root user of account \"123456789012\" has no MFA device"
	d.evidence.root_mfa_enabled == false
}

test_unknown_is_unknown if {
	inp := account({}, ["root_mfa_enabled"])
	count(root_mfa.deny) == 0 with input as inp
	unknowns := root_mfa.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["root_mfa_enabled"]
}

test_not_collected_is_unknown_never_a_pass if {
	inp := account({"password_policy": null}, [])
	count(root_mfa.deny) == 0 with input as inp
	count(root_mfa.unknown) == 1 with input as inp
	count(root_mfa.unknown) == 1 with input as account({"root_mfa_enabled": null}, [])
}

test_unknown_wins_over_a_stale_value if {
	inp := account({"root_mfa_enabled": false}, ["root_mfa_enabled"])
	count(root_mfa.deny) == 0 with input as inp
	count(root_mfa.unknown) == 1 with input as inp
}

test_no_accounts_no_results if {
	count(root_mfa.deny) == 0 with input as {"by_type": {}}
	count(root_mfa.unknown) == 0 with input as {"by_type": {}}
}
