package vigil.lib_test

import data.vigil.lib

statements := [
	{"Effect": "Deny", "Action": ["*"], "Resource": ["*"]},
	{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]},
	{"Effect": "Allow", "Action": ["*:*"], "Resource": ["arn:aws:s3:::b"]},
	{"Effect": "Allow", "Action": ["S3:*", "iam:PassRole"], "Resource": ["*"]},
	{"Effect": "Allow", "Action": ["s3:Get*", "ec2:Describe*"], "Resource": ["*"]},
	{"Effect": "Allow", "Action": ["kms:*", "sts:*", "logs:*"], "Resource": ["*"]},
	{"Effect": "Allow", "NotAction": ["iam:*"], "Resource": ["*"]},
	{"Effect": "Allow", "NotAction": ["*"], "Resource": ["*"]},
	{"Effect": "Allow", "NotAction": [], "NotResource": ["arn:aws:s3:::b"]},
	{"Effect": "Allow", "Action": ["s3:*"], "NotAction": ["IAM:Get*"], "Resource": ["*"]},
	{"Effect": "Allow", "Resource": ["*"]},
	{"Action": ["*"], "Resource": ["*"]},
	{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
]

services := ["iam", "kms", "sts", "s3", "ec2"]

# service_wide_grants reads a statement once; it must list exactly the services grants_service_wide
# accepts, in order.
test_service_wide_grants_matches_grants_service_wide if {
	every stmt in statements {
		lib.service_wide_grants(stmt, services) == [svc | some svc in services; lib.grants_service_wide(stmt, svc)]
	}
}

test_service_wide_grants_examples if {
	lib.service_wide_grants(statements[0], services) == []
	lib.service_wide_grants(statements[1], services) == services
	lib.service_wide_grants(statements[3], services) == ["s3"]
	lib.service_wide_grants(statements[4], services) == []
	lib.service_wide_grants(statements[5], services) == ["kms", "sts"]
	lib.service_wide_grants(statements[6], services) == ["kms", "sts", "s3", "ec2"]
	lib.service_wide_grants(statements[9], services) == ["kms", "sts", "s3", "ec2"]
}

test_admin_statements if {
	admin := {i | some i, stmt in statements; lib.is_admin_statement(stmt)}
	admin == {1, 6, 7, 8, 9}
}

test_statement_parts_by_presence if {
	lib.has_not_action({"NotAction": []})
	lib.has_not_action({"NotAction": null})
	not lib.has_not_action({"Action": ["*"]})
	lib.on_all_resources({"Resource": ["arn:x", "*"]})
	lib.on_all_resources({"NotResource": false})
	not lib.on_all_resources({"Resource": ["arn:x"]})
	lib.grants_all_actions({"Action": ["*:*"]})
	not lib.grants_all_actions({"Action": ["s3:*"]})
}

test_documents_by_type if {
	doc := {"Statement": []}
	lib.documents({"type": "aws.iam.policy", "attributes": {"document": doc}}) == [{"where": "policy document", "document": doc}]
	lib.documents({"type": "aws.iam.policy", "attributes": {}}) == [{"where": "policy document", "document": null}]
	lib.documents({"type": "aws.iam.role", "attributes": {"inline_policies": [{"name": "p", "document": doc}, {"document": null}]}}) == [
		{"where": "inline policy \"p\"", "document": doc},
		{"where": "inline policy \"\"", "document": null},
	]
	lib.documents({"type": "aws.iam.user", "attributes": {"inline_policies": null}}) == []
	not lib.documents({"type": "aws.s3.bucket", "attributes": {}})
}
