# METADATA
# title: Secrets Manager secret policy does not allow anyone
# description: >-
#   No statement of the secret's resource policy allows every principal ("*") without a condition that
#   narrows who. Such a statement lets any AWS account read the secret (if the key allows it) or change
#   its policy.
# custom:
#   id: SM.4
#   severity: critical
#   resource_types: [aws.secretsmanager.secret]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.6"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     In the aws_secretsmanager_secret_policy, name the roles or accounts in Principal, or add a
#     Condition such as StringEquals { "aws:PrincipalOrgID" = "<organization id>" }; set
#     block_public_policy = true.
package vigil.aws.secretsmanager.public_policy

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.secretsmanager.secret")
	public := lib.open_policy_statements(r, "policy")
	count(public) > 0
	result := lib.failure(r, sprintf("secret %q has a resource policy statement that allows anyone", [lib.label(r)]), {"policy.public_statements": public})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.secretsmanager.secret")
	lib.policy_may_be_public(r, "policy")
	count(lib.open_policy_statements(r, "policy")) == 0
	result := lib.unknown_result(r, sprintf("policy of secret %q is unknown", [lib.label(r)]), ["policy"])
}
