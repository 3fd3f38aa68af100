package vigil.aws.iam.user_inline_policies_test

import data.vigil.aws.iam.user_inline_policies

user(attrs, unknown) := {"by_type": {"aws.iam.user": [{"id": "aws_iam_user.bob", "type": "aws.iam.user", "name": "bob", "attributes": attrs, "unknown": unknown}]}}

test_no_inline_policies_passes if {
	count(user_inline_policies.deny) == 0 with input as user({"inline_policies": []}, [])
	count(user_inline_policies.unknown) == 0 with input as user({"inline_policies": []}, [])
}

test_absent_list_passes if {
	count(user_inline_policies.deny) == 0 with input as user({"name": "bob"}, [])
}

test_inline_policy_fails if {
	inp := user({"inline_policies": [{"name": "s3-read", "document": {"Statement": []}}]}, [])
	denies := user_inline_policies.deny with input as inp
	count(denies) == 1
	some d in denies
	d.message == "user \"bob\" has inline policies: s3-read"
	d.evidence.inline_policies == ["s3-read"]
}

test_unknown_document_still_fails_when_policy_exists if {
	inp := user({"inline_policies": [{"name": "x", "document": null}]}, ["inline_policies.0.document"])
	count(user_inline_policies.deny) == 1 with input as inp
	count(user_inline_policies.unknown) == 0 with input as inp
}

test_unknown_list if {
	inp := user({}, ["inline_policies"])
	count(user_inline_policies.deny) == 0 with input as inp
	count(user_inline_policies.unknown) == 1 with input as inp
}

test_inline_policies_of_the_wrong_type_fail if {
	every v in [5, true, "x", {"p": {}}] {
		count(user_inline_policies.deny) == 1 with input as user({"inline_policies": v}, [])
	}
}

test_unnamed_inline_policy_is_named_so if {
	inp := user({"inline_policies": [{"name": null, "document": {"Statement": []}}]}, [])
	denies := user_inline_policies.deny with input as inp
	some d in denies
	d.message == "user \"bob\" has inline policies: (unnamed)"
}
