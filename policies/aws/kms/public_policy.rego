# METADATA
# title: KMS key policy does not allow anyone
# description: >-
#   No statement of the key policy allows every principal ("*", or AWS "*") without a condition that names
#   the caller (source or principal account, organization, ARN, VPC endpoint, or kms:CallerAccount). Such a
#   statement lets any AWS account use or manage the key, and so read what it protects.
# custom:
#   id: KMS.2
#   severity: high
#   resource_types: [aws.kms.key]
#   controls:
#     iso27001-2022: ["8.3", "8.24"]
#     nist-800-53-r5: ["AC-3", "SC-12"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     In the aws_kms_key's policy (or the aws_kms_key_policy), name the accounts or roles in Principal, or add
#     a Condition such as StringEquals { "kms:CallerAccount" = "<account id>" } or "aws:PrincipalOrgID".
package vigil.aws.kms.public_policy

import data.vigil.lib

# open_statements are the known public statements of the key policy, less those narrowed by
# kms:CallerAccount, the key AWS's own key policies use to keep a key to one account.
open_statements(r) := [lib.resource_statement_evidence(s) |
	some s in lib.known_public_statements(r, "policy")
	not caller_account_named(s)
]

caller_account_named(stmt) if {
	some op, block in lib.object_get(stmt, "Condition", {})
	lower(op) in {"stringequals", "stringequalsignorecase", "stringlike", "foranyvalue:stringequals", "foranyvalue:stringlike"}
	some key, _ in block
	lower(key) == "kms:calleraccount"
}

deny contains result if {
	some r in lib.resources("aws.kms.key")
	public := open_statements(r)
	count(public) > 0
	result := lib.failure(r, sprintf("KMS key %q has a key policy statement that allows anyone", [lib.label(r)]), {"policy.public_statements": public})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.kms.key")
	lib.policy_may_be_public(r, "policy")
	count(open_statements(r)) == 0
	result := lib.unknown_result(r, sprintf("policy of KMS key %q is unknown", [lib.label(r)]), ["policy"])
}
