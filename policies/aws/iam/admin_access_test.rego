package vigil.aws.iam.admin_access_test

import data.vigil.aws.iam.admin_access

doc(stmts) := {"Version": "2012-10-17", "Statement": stmts}

admin := {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}

read_only := {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::data/*"]}

policy(id, d) := {"id": id, "type": "aws.iam.policy", "name": id, "attributes": {"document": d}, "unknown": []}

role(attrs, unknown) := {"id": "aws_iam_role.app", "type": "aws.iam.role", "name": "app", "attributes": attrs, "unknown": unknown}

test_scoped_policy_passes if {
	inp := {"by_type": {"aws.iam.policy": [policy("aws_iam_policy.read", doc([read_only]))]}}
	count(admin_access.deny) == 0 with input as inp
	count(admin_access.unknown) == 0 with input as inp
}

test_star_star_policy_fails if {
	inp := {"by_type": {"aws.iam.policy": [policy("aws_iam_policy.admin", doc([read_only, admin]))]}}
	denies := admin_access.deny with input as inp
	count(denies) == 1
	some d in denies
	d.resource == "aws_iam_policy.admin"
	d.message == "policy \"aws_iam_policy.admin\" grants administrator access (Action \"*\" on Resource \"*\") in policy document"
	d.evidence.findings[0].statement.Action == ["*"]
}

test_deny_statement_is_not_admin if {
	inp := {"by_type": {"aws.iam.policy": [policy("p", doc([object.union(admin, {"Effect": "Deny"})]))]}}
	count(admin_access.deny) == 0 with input as inp
}

test_not_action_on_star_is_admin if {
	stmt := {"Effect": "Allow", "NotAction": ["iam:*"], "Resource": ["*"]}
	inp := {"by_type": {"aws.iam.policy": [policy("p", doc([stmt]))]}}
	count(admin_access.deny) == 1 with input as inp
}

test_condition_does_not_exempt if {
	stmt := object.union(admin, {"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}})
	inp := {"by_type": {"aws.iam.policy": [policy("p", doc([stmt]))]}}
	count(admin_access.deny) == 1 with input as inp
}

test_star_action_on_one_resource_passes if {
	stmt := {"Effect": "Allow", "Action": ["*"], "Resource": ["arn:aws:s3:::data"]}
	inp := {"by_type": {"aws.iam.policy": [policy("p", doc([stmt]))]}}
	count(admin_access.deny) == 0 with input as inp
}

test_role_inline_admin_fails if {
	inp := {"by_type": {"aws.iam.role": [role({"inline_policies": [{"name": "everything", "document": doc([admin])}]}, [])]}}
	denies := admin_access.deny with input as inp
	some d in denies
	d.message == "role \"app\" grants administrator access (Action \"*\" on Resource \"*\") in inline policy \"everything\""
}

test_role_with_aws_administrator_access_fails if {
	inp := {"by_type": {"aws.iam.role": [role({"managed_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}, [])]}}
	count(admin_access.deny) == 1 with input as inp
}

test_user_attached_to_admin_customer_policy_fails if {
	user := {"id": "aws_iam_user.bob", "type": "aws.iam.user", "name": "bob", "attributes": {"managed_policy_arns": ["aws_iam_policy.admin"]}, "unknown": []}
	inp := {"by_type": {"aws.iam.user": [user], "aws.iam.policy": [policy("aws_iam_policy.admin", doc([admin]))]}}
	denies := admin_access.deny with input as inp
	count(denies) == 2
	some d in denies
	d.resource == "aws_iam_user.bob"
	d.evidence.findings == [{"where": "attached policy \"aws_iam_policy.admin\""}]
}

test_unknown_inline_document if {
	inp := {"by_type": {"aws.iam.role": [role({"inline_policies": [{"name": "x", "document": null}]}, ["inline_policies.0.document"])]}}
	count(admin_access.deny) == 0 with input as inp
	unknowns := admin_access.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["inline_policies"]
}

test_unknown_policy_document if {
	inp := {"by_type": {"aws.iam.policy": [{"id": "p", "type": "aws.iam.policy", "name": "p", "attributes": {}, "unknown": ["document"]}]}}
	count(admin_access.unknown) == 1 with input as inp
	count(admin_access.deny) == 0 with input as inp
}

test_role_attached_to_policy_with_unknown_document_is_unknown if {
	unknown_policy := {"id": "aws_iam_policy.x", "type": "aws.iam.policy", "name": "x", "attributes": {}, "unknown": ["document"]}
	inp := {"by_type": {"aws.iam.policy": [unknown_policy], "aws.iam.role": [role({"managed_policy_arns": ["aws_iam_policy.x"]}, [])]}}
	unknowns := admin_access.unknown with input as inp
	count(unknowns) == 2
	some u in unknowns
	u.resource == "aws_iam_role.app"
	u.missing == ["managed_policy_arns"]
}

test_star_with_not_resource_is_admin if {
	stmt := {"Effect": "Allow", "Action": ["*"], "NotResource": ["arn:aws:s3:::logs/*"]}
	count(admin_access.deny) == 1 with input as {"by_type": {"aws.iam.policy": [policy("aws_iam_policy.p", doc([stmt]))]}}
}

test_administrator_access_in_another_partition_fails if {
	inp := {"by_type": {"aws.iam.user": [{
		"id": "aws_iam_user.bob", "type": "aws.iam.user", "name": "bob",
		"attributes": {"managed_policy_arns": ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"]}, "unknown": [],
	}]}}
	denies := admin_access.deny with input as inp
	some d in denies
	d.message == "user \"bob\" grants administrator access (Action \"*\" on Resource \"*\") in attached policy \"arn:aws-us-gov:iam::aws:policy/AdministratorAccess\""
}

test_role_attached_to_scoped_customer_policy_passes if {
	inp := {"by_type": {
		"aws.iam.role": [role({"managed_policy_arns": ["aws_iam_policy.read"]}, [])],
		"aws.iam.policy": [policy("aws_iam_policy.read", doc([read_only]))],
	}}
	count(admin_access.deny) == 0 with input as inp
	count(admin_access.unknown) == 0 with input as inp
}
