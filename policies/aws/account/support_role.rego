# METADATA
# title: A support role can manage incidents with AWS Support
# description: >-
#   At least one IAM role has the AWS managed policy AWSSupportAccess attached, so the people who handle
#   incidents can open and follow AWS Support cases through a role rather than with the root user or broad
#   rights (CIS AWS Foundations 2.16). Read from live accounts (ListEntitiesForPolicy); unknown when that call
#   fails. Users or groups with the policy do not count: the benchmark asks for a role.
# custom:
#   id: ACCT.10
#   severity: low
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["5.24"]
#     nist-800-53-r5: ["IR-7"]
#     nist-csf-2.0: []
#     cis-aws-foundations-6.0: ["2.16"]
#   remediation: >-
#     Create a role for incident responders (aws_iam_role trusted by your identity provider or accounts) and
#     attach arn:aws:iam::aws:policy/AWSSupportAccess to it (aws_iam_role_policy_attachment).
package vigil.aws.account.support_role

import data.vigil.lib

path := "support_roles"

roles(r) := object.get(r.attributes, path, null)

# support_roles has no default: absent was not collected.
deny contains result if {
	some r in lib.resources("aws.account")
	not lib.is_unknown(r, path)
	is_array(roles(r))
	count(roles(r)) == 0
	result := lib.failure(
		r,
		sprintf("account %q has no IAM role with the AWSSupportAccess policy", [lib.label(r)]),
		{path: []},
	)
}

unknown contains result if {
	some r in lib.resources("aws.account")
	not_known(r)
	result := lib.unknown_result(
		r,
		sprintf("whether account %q has an AWS Support role is unknown", [lib.label(r)]),
		[path],
	)
}

not_known(r) if lib.is_unknown(r, path)

not_known(r) if not is_array(roles(r))
