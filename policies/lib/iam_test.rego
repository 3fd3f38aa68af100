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
	# "*" and "svc:*" written with other wildcards: IAM accepts them and they match the same actions.
	{"Effect": "Allow", "Action": ["*:?*"], "Resource": ["*"]},
	{"Effect": "Allow", "Action": ["iam:?*", "s3:**", "k?s:*", "sts:Get*"], "Resource": ["*"]},
	{"Effect": "Allow", "Action": ["**"], "Resource": ["*"]},
	{"Effect": "Allow", "Action": ["*:Get*", "?"], "Resource": ["*"]},
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
	lib.service_wide_grants(statements[13], services) == services
	lib.service_wide_grants(statements[14], services) == ["iam", "kms", "s3"]
	lib.service_wide_grants(statements[15], services) == services
	lib.service_wide_grants(statements[16], services) == []
}

test_all_actions_patterns if {
	every a in ["*", "*:*", "*:?*", "?*:*", "**", "*:**", "?*"] {
		lib.all_actions_pattern(a)
	}
	every a in ["?", "*:?", "*:Get*", "s3:*", "iam:?*", "a*"] {
		not lib.all_actions_pattern(a)
	}
}

test_admin_statements if {
	admin := {i | some i, stmt in statements; lib.is_admin_statement(stmt)}
	admin == {1, 6, 7, 8, 9, 13, 15}
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
	lib.documents({"type": "aws.iam.policy", "attributes": {"document": doc}}) == [{"where": "policy document", "path": "document", "document": doc}]
	lib.documents({"type": "aws.iam.policy", "attributes": {}}) == [{"where": "policy document", "path": "document", "document": null}]
	lib.documents({"type": "aws.iam.role", "attributes": {"inline_policies": [{"name": "p", "document": doc}, {"document": null}]}}) == [
		{"where": "inline policy \"p\"", "path": "inline_policies.0.document", "document": doc},
		{"where": "inline policy (unnamed)", "path": "inline_policies.1.document", "document": null},
	]
	lib.documents({"type": "aws.iam.user", "attributes": {"inline_policies": null}}) == []
	not lib.documents({"type": "aws.s3.bucket", "attributes": {}})
}

# A partly known document: one entry per statement with unknown parts, naming the unknown elements.
test_statement_unknowns if {
	doc := {"Statement": [
		{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]},
		{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [null]},
		null,
		{"Effect": "Allow", "Action": ["sts:AssumeRole"], "Principal": {"AWS": null}, "Condition": null},
	]}
	r := {"type": "aws.iam.policy", "attributes": {"document": doc}, "unknown": [
		"document.Statement.1.Resource.0", "document.Statement.2",
		"document.Statement.3.Condition", "document.Statement.3.Principal.AWS",
	]}
	got := {e.path: e.elements | some e in lib.statement_unknowns(r, "document", doc)}
	got == {
		"document.Statement.1": {"Resource"},
		"document.Statement.2": {"*"},
		"document.Statement.3": {"Condition", "Principal"},
	}
	some e in lib.document_unknowns(r)
	e.path == "document.Statement.3"
	e.where == "policy document"
	lib.statement_missing(r, e, {"Condition", "Action"}) == ["document.Statement.3.Condition"]
	some whole in lib.statement_unknowns(r, "document", doc)
	whole.path == "document.Statement.2"
	lib.statement_missing(r, whole, {"Action"}) == ["document.Statement.2"]
}

test_statement_unknowns_whole_document if {
	r := {"type": "aws.iam.role", "attributes": {"inline_policies": [{"name": "p", "document": null}]}, "unknown": ["inline_policies.0.document"]}
	lib.document_unknowns(r) == [{"where": "inline policy \"p\"", "statement": null, "path": "inline_policies.0.document", "elements": {"*"}}]
	lib.document_unknowns({"type": "aws.iam.user", "attributes": {"inline_policies": null}, "unknown": ["inline_policies"]}) == [
		{"where": "inline policies", "statement": null, "path": "inline_policies", "elements": {"*"}},
	]
	lib.statement_unknowns({"unknown": []}, "policy", {"Statement": []}) == []
}
