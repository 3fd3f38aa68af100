package vigil.aws.iam.user_managed_policies_test

import data.vigil.aws.iam.user_managed_policies

user(attrs, unknown) := {"by_type": {"aws.iam.user": [{"id": "aws_iam_user.bob", "type": "aws.iam.user", "name": "bob", "attributes": attrs, "unknown": unknown}]}}

test_no_attachments_passes if {
	count(user_managed_policies.deny) == 0 with input as user({"managed_policy_arns": []}, [])
	count(user_managed_policies.unknown) == 0 with input as user({"managed_policy_arns": []}, [])
}

test_absent_list_passes if {
	count(user_managed_policies.deny) == 0 with input as user({}, [])
}

test_attachment_fails if {
	inp := user({"managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "aws_iam_policy.deploy"]}, [])
	denies := user_managed_policies.deny with input as inp
	count(denies) == 1
	some d in denies
	d.message == "user \"bob\" has managed policies attached directly: arn:aws:iam::aws:policy/ReadOnlyAccess, aws_iam_policy.deploy"
	count(d.evidence.managed_policy_arns) == 2
}

test_unknown_attachments if {
	inp := user({"managed_policy_arns": null}, ["managed_policy_arns"])
	count(user_managed_policies.deny) == 0 with input as inp
	count(user_managed_policies.unknown) == 1 with input as inp
}

test_managed_policies_of_the_wrong_type_fail if {
	every v in [5, true, "arn:aws:iam::aws:policy/ReadOnlyAccess"] {
		count(user_managed_policies.deny) == 1 with input as user({"managed_policy_arns": v}, [])
	}
}
