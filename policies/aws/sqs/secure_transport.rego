# METADATA
# title: SQS queue policy denies requests without TLS
# description: >-
#   The queue policy denies every request made over plain HTTP (aws:SecureTransport false), so messages
#   are always sent and received over an encrypted connection.
# custom:
#   id: SQS.3
#   severity: medium
#   resource_types: [aws.sqs.queue]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Add to the aws_sqs_queue_policy a statement with Effect "Deny", Principal "*", Action "sqs:*",
#     Resource the queue ARN and Condition { Bool = { "aws:SecureTransport" = "false" } }.
package vigil.aws.sqs.secure_transport

import data.vigil.lib

# The actions a TLS-only statement must cover: every action of the service, or every SQS action.
covered := {"sqs:*", "*", "*:*"}

deny contains result if {
	some r in lib.resources("aws.sqs.queue")
	not lib.denies_insecure_transport(r, "policy", covered)
	not lib.unknown_within(r, "policy")
	policy := object.get(r.attributes, "policy", null)
	result := lib.failure(r, sprintf(message_format(policy), [lib.label(r)]), {"policy": policy})
}

message_format(null) := "SQS queue %q has no policy, so requests without TLS are not denied"

message_format(policy) := "SQS queue %q policy does not deny requests without TLS (aws:SecureTransport false)" if policy != null

unknown contains result if {
	some r in lib.resources_with_unknown("aws.sqs.queue")
	not lib.denies_insecure_transport(r, "policy", covered)
	lib.unknown_within(r, "policy")
	result := lib.unknown_result(r, sprintf("policy of SQS queue %q is unknown", [lib.label(r)]), ["policy"])
}
