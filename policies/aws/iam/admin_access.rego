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
#   remediation: >-
#     Replace "Action": "*" (or NotAction) on "Resource": "*" with the specific actions and resource
#     ARNs the principal needs, and detach arn:aws:iam::aws:policy/AdministratorAccess; keep break-glass
#     administrator access in a separate, monitored role.
package vigil.aws.iam.admin_access

import data.vigil.lib

# Statements found in the resource's own policy documents.
findings(r) := [f |
	some d in lib.documents(r)
	some stmt in lib.statements(d.document)
	lib.is_admin_statement(stmt)
	f := {"where": d.where, "statement": lib.statement_evidence(stmt)}
]

# AWS-managed AdministratorAccess, in any partition.
aws_admin_arn(arn) if regex.match(`^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$`, arn)

# Ids of the customer-managed policies in the inventory that grant administrator access.
admin_policy_ids contains p.id if {
	some p in lib.resources("aws.iam.policy")
	count(findings(p)) > 0
}

attached_findings(r) := [f |
	some arn in lib.value(r, "managed_policy_arns", [])
	attached_admin(arn)
	f := {"where": sprintf("attached policy %q", [arn])}
]

attached_admin(arn) if aws_admin_arn(arn)

attached_admin(arn) if arn in admin_policy_ids

all_findings(r) := array.concat(findings(r), attached_findings(r))

deny contains result if {
	some r in lib.iam_resources
	found := all_findings(r)
	count(found) > 0
	result := lib.failure(
		r,
		sprintf("%s %q grants administrator access (Action \"*\" on Resource \"*\") in %s", [lib.iam_kind(r), lib.label(r), concat(", ", [f.where | some f in found])]),
		{"findings": found},
	)
}

# The paths whose values the rule reads for this resource.
needed(r) := array.concat(lib.document_paths(r), ["managed_policy_arns"]) if r.type != "aws.iam.policy"

needed(r) := lib.document_paths(r) if r.type == "aws.iam.policy"

# Ids of the customer-managed policies in the inventory whose document is unknown.
unknown_policy_ids contains p.id if {
	some p in lib.resources("aws.iam.policy")
	lib.unknown_within(p, "document")
}

# missing lists the unknown paths; an attached customer policy with an unknown document makes
# managed_policy_arns insufficient evidence.
missing(r) := array.concat(lib.unknown_paths_within(r, needed(r)), attached_unknown(r))

attached_unknown(r) := ["managed_policy_arns"] if {
	r.type != "aws.iam.policy"
	not lib.unknown_within(r, "managed_policy_arns")
	some arn in lib.value(r, "managed_policy_arns", [])
	arn in unknown_policy_ids
} else := []

unknown contains result if {
	some r in lib.iam_resources
	paths := missing(r)
	count(paths) > 0
	count(all_findings(r)) == 0
	result := lib.unknown_result(
		r,
		sprintf("policies of %s %q are unknown", [lib.iam_kind(r), lib.label(r)]),
		paths,
	)
}
