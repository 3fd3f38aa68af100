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

# The statements of the trust policy: none when it is null or not an object (as lib.statements). A
# statement whose Condition is unknown is not one: the Condition may narrow who can assume the role.
findings(r) := [lib.statement_evidence(stmt) |
	some i, stmt in r.attributes.assume_role_policy.Statement
	open_statement(stmt)
	not condition_unknown(r, i)
]

condition_unknown(r, i) if {
	count(r.unknown) > 0
	lib.unknown_within(r, concat("", ["assume_role_policy.Statement.", format_int(i, 10), ".Condition"]))
}

# could_be_open is true for a statement with unknown parts (lib.statement_unknowns) that could trust
# anyone without a Condition: an Allow whose Principal is unknown in part or trusts anyone, and whose
# Condition is absent or unknown. A known non-empty Condition narrows it, whatever its unknown values.
could_be_open(e) if "*" in e.elements

could_be_open(e) if {
	e.statement.Effect == "Allow"
	_could_trust_anyone(e)
	not lib.has_condition(e.statement)
}

_could_trust_anyone(e) if trusts_anyone(e.statement)

_could_trust_anyone(e) if "Principal" in e.elements

# unknown_trust_paths are the unknown paths of the trust policy that could hide an open statement.
unknown_trust_paths(r) := [p |
	some e in lib.statement_unknowns(r, "assume_role_policy", object.get(r.attributes, "assume_role_policy", null))
	could_be_open(e)
	some p in lib.statement_missing(r, e, {"Principal", "NotPrincipal", "Condition"})
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
	missing := unknown_trust_paths(r)
	count(missing) > 0
	count(findings(r)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("trust policy of role %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
