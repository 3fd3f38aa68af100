# METADATA
# title: IAM policies do not allow every action of a sensitive service
# description: >-
#   No policy document allows a service-wide wildcard (for example "iam:*" or "kms:*") on services that
#   control identities, keys, audit logs, backups or data stores. Such grants give privileged functions
#   (creating users, deleting keys, stopping trails, deleting recovery points) that a workload rarely needs.
# custom:
#   id: IAM.2
#   severity: high
#   resource_types: [aws.iam.policy, aws.iam.role, aws.iam.user]
#   controls:
#     iso27001-2022: ["8.2"]
#     nist-800-53-r5: ["AC-6", "AC-6(1)"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.1", "CC6.3"]
#     pci-dss-4.0.1: ["7.2.2"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Replace "<service>:*" with the specific actions needed (for example "s3:GetObject",
#     "kms:Decrypt") and scope Resource to the ARNs used; avoid NotAction in Allow statements.
package vigil.aws.iam.service_wildcards

import data.vigil.lib

sensitive_services := [
	"iam", "kms", "sts", "s3", "organizations", "cloudtrail",
	"backup", "ec2", "rds", "dynamodb", "secretsmanager",
]

# Every statement granting a service-wide wildcard on at least one sensitive service. Action "*" and
# NotAction Allows count too: they include every action of these services. The Resource is not
# considered: "s3:*" on one bucket still includes deleting it and rewriting its policy.
# (d.document.Statement: the statements of a document, none for null or a non-object, as lib.statements.)
# A NotAction with an unknown part may exclude any service: such a statement is never a finding.
findings(r) := [f |
	some d in lib.documents(r)
	some i, stmt in d.document.Statement
	services := lib.service_wide_grants(stmt, sensitive_services)
	count(services) > 0
	not not_action_unknown(r, d.path, i, stmt)
	f := {"where": d.where, "services": services, "statement": lib.statement_evidence(stmt)}
]

# Attached AWS managed policies, judged by the documents vigil ships (lib.aws_managed_policies): shipped
# documents have no unknown part.
managed_findings(r) := [f |
	some d in lib.aws_managed_documents(r)
	some stmt in d.document.Statement
	services := lib.service_wide_grants(stmt, sensitive_services)
	count(services) > 0
	f := {"where": d.where, "services": services, "statement": lib.statement_evidence(stmt)}
]

all_findings(r) := array.concat(findings(r), managed_findings(r))

not_action_unknown(r, base, i, stmt) if {
	_ = stmt.NotAction
	count(r.unknown) > 0
	lib.unknown_within(r, concat("", [base, ".Statement.", format_int(i, 10), ".NotAction"]))
}

# could_grant is true for a statement with unknown parts (lib.statement_unknowns) that could grant a
# service-wide wildcard: an Allow with an unknown Action entry, or with a NotAction with an unknown part.
could_grant(e) if "*" in e.elements

could_grant(e) if {
	e.statement.Effect == "Allow"
	"Action" in e.elements
}

could_grant(e) if {
	e.statement.Effect == "Allow"
	"NotAction" in e.elements
}

# unknown_document_paths are the unknown paths of the resource's documents that could hide a
# service-wide grant.
unknown_document_paths(r) := [p |
	some e in lib.document_unknowns(r)
	could_grant(e)
	some p in lib.statement_missing(r, e, {"Action", "NotAction"})
]

# candidates are the resources with an Allow statement, in a policy document or an inline policy,
# that has an action ending in a wildcard ("s3:*", "iam:*?") or a NotAction: the only ones findings can
# list. The tests are written inline, so the other resources cost no function call.
candidates contains r if {
	some r in lib.resources("aws.iam.policy")
	some stmt in r.attributes.document.Statement
	stmt.Effect == "Allow"
	some a in stmt.Action
	is_string(a)
	regex.match(`[*?]$`, a)
}

candidates contains r if {
	some r in lib.resources("aws.iam.policy")
	some stmt in r.attributes.document.Statement
	stmt.Effect == "Allow"
	_ = stmt.NotAction
}

candidates contains r if {
	some t in ["aws.iam.role", "aws.iam.user"]
	some r in lib.resources(t)
	some p in r.attributes.inline_policies
	some stmt in p.document.Statement
	stmt.Effect == "Allow"
	some a in stmt.Action
	is_string(a)
	regex.match(`[*?]$`, a)
}

candidates contains r if {
	some t in ["aws.iam.role", "aws.iam.user"]
	some r in lib.resources(t)
	some p in r.attributes.inline_policies
	some stmt in p.document.Statement
	stmt.Effect == "Allow"
	_ = stmt.NotAction
}

# documents reads a resource by its type: one filed under another type's list is checked in full.
candidates contains r if {
	some r in lib.iam_misfiled
}

candidates contains r if {
	some r in lib.iam_attaching
	some arn in r.attributes.managed_policy_arns
	lib.aws_managed_policy_name(arn)
}

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
	services := {svc | some f in found; some svc in f.services}
	result := {
		"resource": r.id,
		"message": sprintf("%s %q allows every action of sensitive services (%s) in %s", [
			lib.iam_kind(r), lib.label(r),
			concat(", ", sort(services)),
			concat(", ", {f.where | some f in found}),
		]),
		"evidence": {"findings": found},
	}
}

unknown_candidates contains r if {
	some t in lib.iam_types
	some r in lib.resources_with_unknown(t)
}

unknown_candidates contains r if {
	some r in lib.iam_attaching
	some arn in r.attributes.managed_policy_arns
	not lib.aws_managed_policies[lib.aws_managed_policy_name(arn)]
	lib.aws_managed_policy_name(arn)
}

# missing lists the unknown document paths, and managed_policy_arns when an attached AWS managed policy
# has no document in vigil's data (it may grant anything).
missing(r) := array.concat(unknown_document_paths(r), managed_missing(r))

managed_missing(r) := ["managed_policy_arns"] if {
	count(lib.aws_managed_unsourced(r)) > 0
} else := lib.unknown_paths_within(r, ["managed_policy_arns"]) if {
	r.type != "aws.iam.policy"
} else := []

unknown contains result if {
	some r in unknown_candidates
	paths := missing(r)
	count(paths) > 0
	not r.id in _with_findings_ids
	result := {
		"resource": r.id,
		"message": sprintf("policy documents of %s %q are unknown%s", [lib.iam_kind(r), lib.label(r), unsourced_note(r)]),
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
