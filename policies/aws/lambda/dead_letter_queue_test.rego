package vigil.aws.lambda.dead_letter_queue_test

import data.vigil.aws.lambda.dead_letter_queue

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_queue_passes if {
	count(dead_letter_queue.deny) == 0 with input as res({"dead_letter_target_arn": "arn:aws:sqs:eu-west-1:1:dlq"}, [])
}

test_missing_queue_fails if {
	denies := dead_letter_queue.deny with input as res({"dead_letter_target_arn": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" has no dead-letter queue"
	d.evidence == {"dead_letter_target_arn": null}
	count(dead_letter_queue.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"dead_letter_target_arn": null}, ["dead_letter_target_arn"])
	count(dead_letter_queue.deny) == 0 with input as inp
	count(dead_letter_queue.unknown) == 1 with input as inp
}
