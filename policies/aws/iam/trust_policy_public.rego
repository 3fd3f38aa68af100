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
	lib.is_allow(stmt)
	lib.principal_is_anyone(object.get(stmt, "Principal", null))
	not lib.has_condition(stmt)
}

open_statement(stmt) if {
	lib.is_allow(stmt)
	"NotPrincipal" in object.keys(stmt)
	not lib.has_condition(stmt)
}

findings(r) := [lib.statement_evidence(stmt) |
	some stmt in lib.statements(lib.get(r, "assume_role_policy", null))
	open_statement(stmt)
]

deny contains result if {
	some r in lib.resources("aws.iam.role")
	found := findings(r)
	count(found) > 0
	result := lib.failure(
		r,
		sprintf("role %q trust policy lets any principal (\"*\") assume it without a Condition", [lib.label(r)]),
		{"statements": found},
	)
}

unknown contains result if {
	some r in lib.resources("aws.iam.role")
	lib.unknown_within(r, "assume_role_policy")
	count(findings(r)) == 0
	result := lib.unknown_result(
		r,
		sprintf("trust policy of role %q is unknown", [lib.label(r)]),
		["assume_role_policy"],
	)
}
