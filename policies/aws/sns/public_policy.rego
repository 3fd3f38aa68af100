# METADATA
# title: SNS topic policy does not allow anyone
# description: >-
#   No statement of the topic's access policy allows every principal ("*") without a condition that
#   narrows who (source account, organization, source ARN). Such a statement lets anyone on the internet
#   publish to, subscribe to or manage the topic.
# custom:
#   id: SNS.2
#   severity: high
#   resource_types: [aws.sns.topic]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.6"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     In the aws_sns_topic_policy (or the topic's policy), name the accounts or roles in Principal, or
#     add a Condition such as StringEquals { "aws:SourceAccount" = "<account id>" } or
#     "aws:PrincipalOrgID".
package vigil.aws.sns.public_policy

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.sns.topic")
	public := lib.open_policy_statements(r, "policy")
	count(public) > 0
	result := lib.failure(r, sprintf("SNS topic %q has a policy statement that allows anyone", [lib.label(r)]), {"policy.public_statements": public})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.sns.topic")
	lib.policy_may_be_public(r, "policy")
	count(lib.open_policy_statements(r, "policy")) == 0
	result := lib.unknown_result(r, sprintf("policy of SNS topic %q is unknown", [lib.label(r)]), ["policy"])
}
