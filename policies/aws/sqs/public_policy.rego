# METADATA
# title: SQS queue policy does not allow anyone
# description: >-
#   No statement of the queue policy allows every principal ("*") without a condition that narrows who
#   (source account, organization, source ARN). Such a statement lets anyone send, read or delete
#   messages.
# custom:
#   id: SQS.2
#   severity: high
#   resource_types: [aws.sqs.queue]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.6"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     In the aws_sqs_queue_policy (or the queue's policy), name the accounts or roles in Principal, or
#     add a Condition such as ArnEquals { "aws:SourceArn" = "<topic or bucket ARN>" } or StringEquals {
#     "aws:SourceAccount" = "<account id>" }.
package vigil.aws.sqs.public_policy

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.sqs.queue")
	public := lib.open_policy_statements(r, "policy")
	count(public) > 0
	result := lib.failure(r, sprintf("SQS queue %q has a policy statement that allows anyone", [lib.label(r)]), {"policy.public_statements": public})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.sqs.queue")
	lib.policy_may_be_public(r, "policy")
	count(lib.open_policy_statements(r, "policy")) == 0
	result := lib.unknown_result(r, sprintf("policy of SQS queue %q is unknown", [lib.label(r)]), ["policy"])
}
