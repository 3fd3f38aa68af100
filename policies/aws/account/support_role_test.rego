package vigil.aws.account.support_role_test

import data.vigil.aws.account.support_role

account(attrs, unknown) := {"by_type": {"aws.account": [{
	"id": "arn:aws:iam::123456789012:root",
	"type": "aws.account",
	"name": "123456789012",
	"account": "123456789012",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_support_role_passes if {
	inp := account({"support_roles": ["incident-response"]}, [])
	count(support_role.deny) == 0 with input as inp
	count(support_role.unknown) == 0 with input as inp
}

test_no_support_role_fails if {
	denies := support_role.deny with input as account({"support_roles": []}, [])
	count(denies) == 1
	some d in denies
	d.message == "account \"123456789012\" has no IAM role with the AWSSupportAccess policy"
	d.evidence == {"support_roles": []}
}

test_unknown_is_unknown if {
	inp := account({"support_roles": null}, ["support_roles"])
	count(support_role.deny) == 0 with input as inp
	unknowns := support_role.unknown with input as inp
	some u in unknowns
	u.missing == ["support_roles"]
}

test_not_collected_is_unknown_never_a_pass if {
	count(support_role.deny) == 0 with input as account({}, [])
	count(support_role.unknown) == 1 with input as account({}, [])
	count(support_role.unknown) == 1 with input as account({"support_roles": "x"}, [])
}

test_stale_value_under_unknown_is_unknown if {
	inp := account({"support_roles": []}, ["support_roles"])
	count(support_role.deny) == 0 with input as inp
	count(support_role.unknown) == 1 with input as inp
}
