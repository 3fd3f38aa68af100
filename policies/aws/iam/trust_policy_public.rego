# METADATA
# title: IAM role trust policies do not let anyone assume the role
# description: >-
#   A role's trust policy does not allow Principal "*" (or AWS "*") without a Condition that narrows
#   who may assume it. Otherwise any AWS account in the world can obtain the role's permissions.
# custom:
#   id: IAM.5
#   severity: critical
#   resource_types: [aws.iam.role]
#   controls:
#     iso27001-2022: ["5.15", "8.2"]
#     nist-800-53-r5: ["AC-3", "AC-6"]
#     nist-csf-2.0: ["PR.AA-05"]
#   remediation: >-
#     In assume_role_policy name the trusted principals explicitly (account ARNs, service principals,
#     federated providers), or keep "*" only with a Condition such as aws:PrincipalOrgID or
#     sts:ExternalId.
package vigil.aws.iam.trust_policy_public

import data.vigil.lib

# open_statement is an Allow trusting everyone with no Condition. An Allow with NotPrincipal trusts
# everyone except the listed principals, and is treated the same way.
open_statement(stmt) if {
	stmt.Effect == "Allow"
	trusts_anyone(stmt)
	not lib.has_condition(stmt)
}

trusts_anyone(stmt) if lib.principal_is_anyone(stmt.Principal)

trusts_anyone(stmt) if _ = stmt.NotPrincipal

# The statements of the trust policy: none when it is null or not an object (as lib.statements).
findings(r) := [lib.statement_evidence(stmt) |
	some stmt in r.attributes.assume_role_policy.Statement
	open_statement(stmt)
]

# candidates are the roles with an Allow statement whose Principal is or includes "*", or that has a
# NotPrincipal: the only ones findings can list. The tests are written inline, so the other roles cost
# no function call.
candidates contains r if {
	some r in lib.resources("aws.iam.role")
	some stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	stmt.Principal == "*"
}

candidates contains r if {
	some r in lib.resources("aws.iam.role")
	some stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	stmt.Principal.AWS == "*"
}

candidates contains r if {
	some r in lib.resources("aws.iam.role")
	some stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	"*" in stmt.Principal.AWS
}

candidates contains r if {
	some r in lib.resources("aws.iam.role")
	some stmt in r.attributes.assume_role_policy.Statement
	stmt.Effect == "Allow"
	_ = stmt.NotPrincipal
}

deny contains result if {
	some r in candidates
	found := findings(r)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("role %q trust policy lets any principal (\"*\") assume it without a Condition", [lib.label(r)]),
		"evidence": {"statements": found},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.iam.role")
	lib.unknown_within(r, "assume_role_policy")
	count(findings(r)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("trust policy of role %q is unknown", [lib.label(r)]),
		"missing": ["assume_role_policy"],
	}
}
