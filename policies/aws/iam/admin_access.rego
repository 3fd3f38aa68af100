# METADATA
# title: IAM policies do not grant full administrator access
# description: >-
#   No customer-managed policy, inline policy, or attached policy grants every action on every resource
#   ("Action": "*" with "Resource": "*"), so privileged access is granted deliberately and narrowly.
#   An Allow with NotAction on Resource "*" (everything except a list) counts as administrator access.
# custom:
#   id: IAM.1
#   severity: critical
#   resource_types: [aws.iam.policy, aws.iam.role, aws.iam.user]
#   controls:
#     iso27001-2022: ["8.2"]
#     nist-800-53-r5: ["AC-6", "AC-6(1)"]
#     nist-csf-2.0: ["PR.AA-05"]
#     cis-aws-foundations-6.0: ["2.15"]
#     soc2-tsc-2017: ["CC6.1", "CC6.3"]
#     pci-dss-4.0.1: ["7.2.2"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Replace "Action": "*" (or NotAction) on "Resource": "*" with the specific actions and resource
#     ARNs the principal needs, and detach arn:aws:iam::aws:policy/AdministratorAccess; keep break-glass
#     administrator access in a separate, monitored role.
package vigil.aws.iam.admin_access

import data.vigil.lib

# Statements found in the resource's own policy documents (d.document.Statement: the statements of a
# document, none for null or a non-object, as lib.statements).
findings(r) := [f |
	some d in lib.documents(r)
	some stmt in d.document.Statement
	lib.is_admin_statement(stmt)
	f := {"where": d.where, "statement": lib.statement_evidence(stmt)}
]

# AWS-managed AdministratorAccess, in any partition.
aws_admin_arn(arn) if {
	is_string(arn)
	regex.match(`^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$`, arn)
}

# statement_candidates are the resources with an Allow statement, in a policy document or an inline
# policy, whose Action is "*" (lib.all_actions_pattern: "*:*", "?*", ...) or that has a NotAction: the only
# ones findings can list.
statement_candidates contains r if {
	some r in lib.resources("aws.iam.policy")
	some stmt in r.attributes.document.Statement
	stmt.Effect == "Allow"
	some a in stmt.Action
	lib.all_actions_pattern(a)
}

statement_candidates contains r if {
	some r in lib.resources("aws.iam.policy")
	some stmt in r.attributes.document.Statement
	stmt.Effect == "Allow"
	_ = stmt.NotAction
}

statement_candidates contains r if {
	some t in ["aws.iam.role", "aws.iam.user"]
	some r in lib.resources(t)
	some p in r.attributes.inline_policies
	some stmt in p.document.Statement
	stmt.Effect == "Allow"
	some a in stmt.Action
	lib.all_actions_pattern(a)
}

statement_candidates contains r if {
	some t in ["aws.iam.role", "aws.iam.user"]
	some r in lib.resources(t)
	some p in r.attributes.inline_policies
	some stmt in p.document.Statement
	stmt.Effect == "Allow"
	_ = stmt.NotAction
}

# documents reads a resource by its type: one filed under another type's list is checked in full.
statement_candidates contains r if {
	some r in lib.iam_misfiled
}

# candidates adds the resources that attach AdministratorAccess or an administrator policy of the
# inventory: all_findings is empty for every other resource.
candidates contains r if some r in statement_candidates

candidates contains r if {
	some r in lib.iam_attaching
	some arn in r.attributes.managed_policy_arns
	aws_admin_arn(arn)
}

# An attached AWS managed policy is judged by the document vigil ships (lib.aws_managed_policies).
candidates contains r if {
	some r in lib.iam_attaching
	some arn in r.attributes.managed_policy_arns
	lib.aws_managed_policy_name(arn)
}

candidates contains r if {
	admins := admin_policy_ids
	count(admins) > 0
	some r in lib.iam_attaching
	some arn in r.attributes.managed_policy_arns
	arn in admins
}

# Ids of the customer-managed policies in the inventory that grant administrator access.
admin_policy_ids contains p.id if {
	with_statements := statement_candidates
	some p in lib.resources("aws.iam.policy")
	p in with_statements
	count(findings(p)) > 0
}

attached_findings(r) := [f |
	some arn in r.attributes.managed_policy_arns
	attached_admin(arn)
	f := {"where": sprintf("attached policy %q", [arn])}
]

attached_admin(arn) if aws_admin_arn(arn)

attached_admin(arn) if arn in admin_policy_ids

attached_admin(arn) if {
	not aws_admin_arn(arn)
	some stmt in lib.aws_managed_policies[lib.aws_managed_policy_name(arn)].document.Statement
	lib.is_admin_statement(stmt)
}

all_findings(r) := array.concat(findings(r), attached_findings(r))

# _with_findings pairs every candidate that has findings with them. It is computed once per evaluation,
# for deny and for unknown (which must not report a resource that fails): a function such as
# all_findings is computed again at each call.
_with_findings := [[r, f] |
	some r in candidates
	f := all_findings(r)
	count(f) > 0
]

_with_findings_ids := {x[0].id | some x in _with_findings}

deny contains result if {
	some x in _with_findings
	r := x[0]
	found := x[1]
	result := {
		"resource": r.id,
		"message": sprintf("%s %q grants administrator access (Action \"*\" on Resource \"*\") in %s", [lib.iam_kind(r), lib.label(r), concat(", ", [f.where | some f in found])]),
		"evidence": {"findings": found},
	}
}

# could_be_admin is true for a statement with unknown parts (lib.statement_unknowns) that would be an
# administrator statement for some value of those parts: an unknown Action entry may be "*", an unknown
# Resource entry may be "*". Its known parts decide otherwise: a Deny, or an Allow of "s3:GetObject"
# on an unknown resource, is never administrator access.
could_be_admin(e) if "*" in e.elements

could_be_admin(e) if {
	e.statement.Effect == "Allow"
	_could_grant_all(e)
	_could_cover_all(e)
}

_could_grant_all(e) if lib.grants_all_actions(e.statement)

_could_grant_all(e) if lib.has_not_action(e.statement)

_could_grant_all(e) if "Action" in e.elements

_could_cover_all(e) if lib.on_all_resources(e.statement)

_could_cover_all(e) if "Resource" in e.elements

# unknown_document_paths are the unknown paths of the resource's documents that could hide an
# administrator statement.
unknown_document_paths(r) := [p |
	some e in lib.document_unknowns(r)
	could_be_admin(e)
	some p in lib.statement_missing(r, e, {"Effect", "Action", "Resource"})
]

# Ids of the customer-managed policies in the inventory whose document could grant administrator
# access through an unknown part.
unknown_policy_ids contains p.id if {
	some p in lib.resources_with_unknown("aws.iam.policy")
	count(unknown_document_paths(p)) > 0
}

# missing lists the unknown paths; an attached customer policy whose document could be administrator
# access makes managed_policy_arns insufficient evidence.
missing(r) := array.concat(array.concat(unknown_document_paths(r), lib.unknown_paths_within(r, arns_path(r))), attached_unknown(r))

arns_path(r) := [] if r.type == "aws.iam.policy" else := ["managed_policy_arns"]

attached_unknown(r) := ["managed_policy_arns"] if {
	r.type != "aws.iam.policy"
	some arn in r.attributes.managed_policy_arns
	attached_could_be_admin(arn)
	not lib.unknown_within(r, "managed_policy_arns")
} else := []

attached_could_be_admin(arn) if arn in unknown_policy_ids

# An AWS managed policy whose document vigil does not ship may grant anything.
attached_could_be_admin(arn) if {
	lib.aws_managed_policy_name(arn)
	not aws_admin_arn(arn)
	not lib.aws_managed_policies[lib.aws_managed_policy_name(arn)]
}

# Only a resource with unknown paths, or that attaches a policy whose document is unknown, can be unknown.
unknown_candidates contains r if {
	some t in lib.iam_types
	some r in lib.resources_with_unknown(t)
}

unknown_candidates contains r if {
	unknown_ids := unknown_policy_ids
	count(unknown_ids) > 0
	some r in lib.iam_attaching
	some arn in r.attributes.managed_policy_arns
	arn in unknown_ids
}

unknown_candidates contains r if {
	some r in lib.iam_attaching
	some arn in r.attributes.managed_policy_arns
	not lib.aws_managed_policies[lib.aws_managed_policy_name(arn)]
	lib.aws_managed_policy_name(arn)
}

unknown contains result if {
	some r in unknown_candidates
	paths := missing(r)
	count(paths) > 0
	not r.id in _with_findings_ids
	result := {
		"resource": r.id,
		"message": sprintf("policies of %s %q are unknown%s", [lib.iam_kind(r), lib.label(r), unsourced_note(r)]),
		"missing": paths,
	}
}

# unsourced_note names the attached AWS managed policies whose documents vigil does not ship.
unsourced_note(r) := sprintf(" (AWS managed policies vigil has no document for: %s)", [concat(", ", arns)]) if {
	arns := lib.aws_managed_unsourced(r)
	count(arns) > 0
} else := ""

# Policy documents of the wrong shape cannot be read: they may grant anything.
unknown contains lib.wrong_type_result(r, paths) if {
	ids := lib.document_wrong_type_ids
	count(ids) > 0
	some r in lib.iam_resources
	r.id in ids
	paths := lib.document_wrong_types(r)
	count(paths) > 0
}
