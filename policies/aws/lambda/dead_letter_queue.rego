# METADATA
# title: Lambda function has a dead-letter queue
# description: >-
#   Asynchronous invocations that still fail after Lambda's retries are sent to an SQS queue or SNS topic
#   instead of being dropped, so the events can be inspected and replayed. On-failure destinations
#   (aws_lambda_function_event_invoke_config) are another way to keep them and are not read by this rule.
# custom:
#   id: LAMBDA.6
#   severity: low
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: []
#     nist-800-53-r5: ["SC-24"]
#     nist-csf-2.0: ["PR.IR-03"]
#   remediation: >-
#     Add dead_letter_config { target_arn = aws_sqs_queue.<dlq>.arn } to the aws_lambda_function and allow
#     sqs:SendMessage (or sns:Publish) to its role.
package vigil.aws.lambda.dead_letter_queue

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.lambda.function")
	not lib.is_set(object.get(r.attributes, "dead_letter_target_arn", null))
	not lib.is_unknown(r, "dead_letter_target_arn")
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q has no dead-letter queue", [lib.label(r)]),
		"evidence": {"dead_letter_target_arn": null},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	lib.is_unknown(r, "dead_letter_target_arn")
	result := {
		"resource": r.id,
		"message": sprintf("dead-letter queue of Lambda function %q is unknown", [lib.label(r)]),
		"missing": ["dead_letter_target_arn"],
	}
}
