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
	u.missing == ["inline_policies.0.document"]
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

# Partly known documents (lib.statement_unknowns).

partial_policy(stmts, unknown) := {"id": "p", "type": "aws.iam.policy", "name": "p", "attributes": {"document": doc(stmts)}, "unknown": unknown}

test_known_admin_statement_fails_despite_unknown_statement if {
	inp := {"by_type": {"aws.iam.policy": [partial_policy([null, admin], ["document.Statement.0"])]}}
	count(admin_access.deny) == 1 with input as inp
	count(admin_access.unknown) == 0 with input as inp
}

test_unknown_condition_does_not_hide_admin if {
	stmt := object.union(admin, {"Condition": null})
	inp := {"by_type": {"aws.iam.policy": [partial_policy([stmt], ["document.Statement.0.Condition"])]}}
	count(admin_access.deny) == 1 with input as inp
	count(admin_access.unknown) == 0 with input as inp
}

test_scoped_action_on_unknown_resource_passes if {
	stmt := {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [null, "arn:aws:s3:::x/*"]}
	inp := {"by_type": {"aws.iam.policy": [partial_policy([stmt], ["document.Statement.0.Resource.0"])]}}
	count(admin_access.deny) == 0 with input as inp
	count(admin_access.unknown) == 0 with input as inp
}

test_unknown_deny_statement_parts_pass if {
	stmt := {"Effect": "Deny", "Action": [null], "Resource": ["*"]}
	inp := {"by_type": {"aws.iam.policy": [partial_policy([read_only, stmt], ["document.Statement.1.Action.0"])]}}
	count(admin_access.deny) == 0 with input as inp
	count(admin_access.unknown) == 0 with input as inp
}

test_star_action_on_unknown_resource_is_unknown if {
	stmt := {"Effect": "Allow", "Action": ["*"], "Resource": [null]}
	inp := {"by_type": {"aws.iam.policy": [partial_policy([read_only, stmt], ["document.Statement.1.Resource.0"])]}}
	count(admin_access.deny) == 0 with input as inp
	unknowns := admin_access.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["document.Statement.1.Resource.0"]
}

test_unknown_action_entry_on_all_resources_is_unknown if {
	stmt := {"Effect": "Allow", "Action": ["s3:GetObject", null], "Resource": ["*"]}
	inp := {"by_type": {"aws.iam.policy": [partial_policy([stmt], ["document.Statement.0.Action.1"])]}}
	count(admin_access.deny) == 0 with input as inp
	unknowns := admin_access.unknown with input as inp
	some u in unknowns
	u.missing == ["document.Statement.0.Action.1"]
}

test_unknown_statement_is_unknown if {
	inp := {"by_type": {"aws.iam.role": [role({"inline_policies": [{"name": "x", "document": doc([read_only, null])}]}, ["inline_policies.0.document.Statement.1"])]}}
	count(admin_access.deny) == 0 with input as inp
	unknowns := admin_access.unknown with input as inp
	some u in unknowns
	u.missing == ["inline_policies.0.document.Statement.1"]
}

test_role_attached_to_partly_known_policy if {
	scoped := partial_policy([{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [null]}], ["document.Statement.0.Resource.0"])
	open := object.union(partial_policy([{"Effect": "Allow", "Action": ["*"], "Resource": [null]}], ["document.Statement.0.Resource.0"]), {"id": "q"})
	r := role({"managed_policy_arns": ["p"]}, [])
	inp := {"by_type": {"aws.iam.policy": [scoped], "aws.iam.role": [r]}}
	count(admin_access.unknown) == 0 with input as inp
	inp2 := {"by_type": {"aws.iam.policy": [open], "aws.iam.role": [object.union(r, {"attributes": {"managed_policy_arns": ["q"]}})]}}
	unknowns := admin_access.unknown with input as inp2
	{u.resource | some u in unknowns} == {"q", "aws_iam_role.app"}
}

# "*" written with other wildcards matches every action too, and IAM accepts it.
test_star_spelled_otherwise_fails if {
	every a in ["*:?*", "?*", "**", "?*:**"] {
		stmt := {"Effect": "Allow", "Action": [a], "Resource": ["*"]}
		inp := {"by_type": {"aws.iam.policy": [policy("aws_iam_policy.admin", doc([stmt]))]}}
		count(admin_access.deny) == 1 with input as inp
	}
}

test_documents_of_the_wrong_shape_are_unknown if {
	every d in [
		"x",
		{"Statement": admin}, # a single statement, not the normalised list
		{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
		{"Statement": [5]},
		{"Statement": [{"Effect": true, "Action": ["*"], "Resource": ["*"]}]},
	] {
		unknowns := admin_access.unknown with input as {"by_type": {"aws.iam.policy": [policy("p", d)]}}
		count(unknowns) == 1
	}
	count(admin_access.unknown) == 0 with input as {"by_type": {"aws.iam.policy": [policy("p", doc([admin]))]}}
}

# AWS managed policies attached by ARN are judged by the documents vigil ships (lib.aws_managed_policies).

test_attached_power_user_access_fails if {
	r := role({"managed_policy_arns": ["arn:aws:iam::aws:policy/PowerUserAccess"], "inline_policies": []}, [])
	denies := admin_access.deny with input as {"by_type": {"aws.iam.role": [r]}}
	some d in denies
	d.evidence.findings == [{"where": "attached policy \"arn:aws:iam::aws:policy/PowerUserAccess\""}]
}

test_attached_administrator_access_in_other_partition_fails if {
	r := role({"managed_policy_arns": ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"], "inline_policies": []}, [])
	count(admin_access.deny) == 1 with input as {"by_type": {"aws.iam.role": [r]}}
}

test_attached_scoped_aws_managed_policy_passes if {
	r := role({"managed_policy_arns": [
		"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
		"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
	], "inline_policies": []}, [])
	inp := {"by_type": {"aws.iam.role": [r]}}
	count(admin_access.deny) == 0 with input as inp
	count(admin_access.unknown) == 0 with input as inp
}

test_attached_unsourced_aws_managed_policy_is_unknown if {
	r := role({"managed_policy_arns": ["arn:aws:iam::aws:policy/SomePolicyVigilDoesNotShip"], "inline_policies": []}, [])
	inp := {"by_type": {"aws.iam.role": [r]}}
	count(admin_access.deny) == 0 with input as inp
	unknowns := admin_access.unknown with input as inp
	some u in unknowns
	u.missing == ["managed_policy_arns"]
	contains(u.message, "SomePolicyVigilDoesNotShip")
}

test_unsourced_policy_does_not_hide_a_known_admin if {
	r := role({"managed_policy_arns": [
		"arn:aws:iam::aws:policy/SomePolicyVigilDoesNotShip",
		"arn:aws:iam::aws:policy/AdministratorAccess",
	], "inline_policies": []}, [])
	inp := {"by_type": {"aws.iam.role": [r]}}
	count(admin_access.deny) == 1 with input as inp
	count(admin_access.unknown) == 0 with input as inp
}
