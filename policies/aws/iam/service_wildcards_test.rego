package vigil.aws.iam.service_wildcards_test

import data.vigil.aws.iam.service_wildcards

doc(stmts) := {"Version": "2012-10-17", "Statement": stmts}

policy(d) := {"by_type": {"aws.iam.policy": [{"id": "aws_iam_policy.p", "type": "aws.iam.policy", "name": "p", "attributes": {"document": d}, "unknown": []}]}}

test_specific_actions_pass if {
	stmt := {"Effect": "Allow", "Action": ["s3:GetObject", "kms:Decrypt", "s3:Get*"], "Resource": ["*"]}
	count(service_wildcards.deny) == 0 with input as policy(doc([stmt]))
	count(service_wildcards.unknown) == 0 with input as policy(doc([stmt]))
}

test_non_sensitive_service_wildcard_passes if {
	stmt := {"Effect": "Allow", "Action": ["logs:*", "sqs:*"], "Resource": ["*"]}
	count(service_wildcards.deny) == 0 with input as policy(doc([stmt]))
}

test_iam_star_fails_case_insensitive if {
	stmt := {"Effect": "Allow", "Action": ["IAM:*", "kms:*"], "Resource": ["arn:aws:iam::111122223333:role/x"]}
	denies := service_wildcards.deny with input as policy(doc([stmt]))
	count(denies) == 1
	some d in denies
	d.message == "policy \"p\" allows every action of sensitive services (iam, kms) in policy document"
	d.evidence.findings[0].services == ["iam", "kms"]
}

test_star_action_covers_all_services if {
	stmt := {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}
	denies := service_wildcards.deny with input as policy(doc([stmt]))
	some d in denies
	count(d.evidence.findings[0].services) == 11
}

test_not_action_excluding_iam_still_grants_others if {
	stmt := {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": ["*"]}
	denies := service_wildcards.deny with input as policy(doc([stmt]))
	some d in denies
	services := d.evidence.findings[0].services
	not "iam" in services
	not "organizations" in services
	"kms" in services
}

test_deny_statement_passes if {
	stmt := {"Effect": "Deny", "Action": ["iam:*"], "Resource": ["*"]}
	count(service_wildcards.deny) == 0 with input as policy(doc([stmt]))
}

test_user_inline_policy_fails if {
	user := {"id": "aws_iam_user.ci", "type": "aws.iam.user", "name": "ci", "unknown": [], "attributes": {"inline_policies": [{"name": "deploy", "document": doc([{"Effect": "Allow", "Action": ["ec2:*"], "Resource": ["*"]}])}]}}
	denies := service_wildcards.deny with input as {"by_type": {"aws.iam.user": [user]}}
	some d in denies
	d.message == "user \"ci\" allows every action of sensitive services (ec2) in inline policy \"deploy\""
}

test_unknown_document if {
	inp := {"by_type": {"aws.iam.policy": [{"id": "p", "type": "aws.iam.policy", "name": "p", "attributes": {"document": null}, "unknown": ["document"]}]}}
	count(service_wildcards.deny) == 0 with input as inp
	unknowns := service_wildcards.unknown with input as inp
	some u in unknowns
	u.missing == ["document"]
}

test_prefix_wildcards_are_not_service_wide if {
	stmt := {"Effect": "Allow", "Action": ["ec2:Describe*", "iam:Get*", "rds:*Snapshot*"], "Resource": ["*"]}
	count(service_wildcards.deny) == 0 with input as policy(doc([stmt]))
}

test_role_inline_policy_with_service_wildcard_fails if {
	stmt := {"Effect": "Allow", "Action": ["KMS:*"], "Resource": ["*"]}
	inp := {"by_type": {"aws.iam.role": [{
		"id": "aws_iam_role.app", "type": "aws.iam.role", "name": "app",
		"attributes": {"inline_policies": [{"name": "keys", "document": doc([stmt])}]}, "unknown": [],
	}]}}
	denies := service_wildcards.deny with input as inp
	some d in denies
	d.message == "role \"app\" allows every action of sensitive services (kms) in inline policy \"keys\""
}

# Partly known documents (lib.statement_unknowns).

partial(stmts, unknown) := {"by_type": {"aws.iam.policy": [{"id": "aws_iam_policy.p", "type": "aws.iam.policy", "name": "p", "attributes": {"document": doc(stmts)}, "unknown": unknown}]}}

test_known_wildcard_fails_despite_unknown_statement if {
	inp := partial([null, {"Effect": "Allow", "Action": ["kms:*"], "Resource": [null]}], ["document.Statement.0", "document.Statement.1.Resource.0"])
	denies := service_wildcards.deny with input as inp
	count(denies) == 1
	count(service_wildcards.unknown) == 0 with input as inp
}

test_known_actions_on_unknown_resource_pass if {
	inp := partial([{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [null]}], ["document.Statement.0.Resource.0"])
	count(service_wildcards.deny) == 0 with input as inp
	count(service_wildcards.unknown) == 0 with input as inp
}

test_unknown_action_entry_is_unknown if {
	inp := partial([{"Effect": "Allow", "Action": ["s3:GetObject", null], "Resource": ["*"]}], ["document.Statement.0.Action.1"])
	count(service_wildcards.deny) == 0 with input as inp
	unknowns := service_wildcards.unknown with input as inp
	some u in unknowns
	u.missing == ["document.Statement.0.Action.1"]
}

test_unknown_not_action_is_unknown_not_fail if {
	inp := partial([{"Effect": "Allow", "NotAction": null, "Resource": ["*"]}], ["document.Statement.0.NotAction"])
	count(service_wildcards.deny) == 0 with input as inp
	unknowns := service_wildcards.unknown with input as inp
	some u in unknowns
	u.missing == ["document.Statement.0.NotAction"]
}

test_unknown_deny_statement_passes if {
	inp := partial([{"Effect": "Deny", "Action": [null], "Resource": ["*"]}], ["document.Statement.0.Action.0"])
	count(service_wildcards.deny) == 0 with input as inp
	count(service_wildcards.unknown) == 0 with input as inp
}

# "svc:*" written with other wildcards ("iam:?*", "kms:*?", "s?s:*") is every action of the service too.
test_service_star_spelled_otherwise_fails if {
	stmt := {"Effect": "Allow", "Action": ["iam:?*", "kms:*?", "s?s:*", "s3:Get*"], "Resource": ["*"]}
	denies := service_wildcards.deny with input as policy(doc([stmt]))
	count(denies) == 1
	some d in denies
	d.evidence.findings[0].services == ["iam", "kms", "sts"]
}

# AWS managed policies attached by ARN are judged by the documents vigil ships (lib.aws_managed_policies).

managed_role(arns, unknown) := {"by_type": {"aws.iam.role": [{
	"id": "aws_iam_role.app", "type": "aws.iam.role", "name": "app",
	"attributes": {"managed_policy_arns": arns, "inline_policies": []}, "unknown": unknown,
}]}}

test_attached_s3_full_access_fails if {
	denies := service_wildcards.deny with input as managed_role(["arn:aws:iam::aws:policy/AmazonS3FullAccess"], [])
	some d in denies
	d.message == "role \"app\" allows every action of sensitive services (s3) in AWS managed policy \"arn:aws:iam::aws:policy/AmazonS3FullAccess\""
}

test_attached_read_only_aws_managed_policy_passes if {
	inp := managed_role(["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"], [])
	count(service_wildcards.deny) == 0 with input as inp
	count(service_wildcards.unknown) == 0 with input as inp
}

test_attached_unsourced_aws_managed_policy_is_unknown if {
	inp := managed_role(["arn:aws:iam::aws:policy/SomePolicyVigilDoesNotShip"], [])
	count(service_wildcards.deny) == 0 with input as inp
	unknowns := service_wildcards.unknown with input as inp
	some u in unknowns
	u.missing == ["managed_policy_arns"]
	contains(u.message, "SomePolicyVigilDoesNotShip")
}

test_unknown_attachments_are_unknown if {
	inp := managed_role(null, ["managed_policy_arns"])
	unknowns := service_wildcards.unknown with input as inp
	some u in unknowns
	u.missing == ["managed_policy_arns"]
}

test_customer_policy_arn_is_not_judged_here if {
	inp := managed_role(["arn:aws:iam::123456789012:policy/mine"], [])
	count(service_wildcards.deny) == 0 with input as inp
	count(service_wildcards.unknown) == 0 with input as inp
}
