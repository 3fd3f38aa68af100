package vigil.aws.lambda.tracing_test

import data.vigil.aws.lambda.tracing

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_active_passes if {
	count(tracing.deny) == 0 with input as res({"tracing_mode": "Active"}, [])
	count(tracing.unknown) == 0 with input as res({"tracing_mode": "Active"}, [])
}

test_passthrough_fails if {
	denies := tracing.deny with input as res({"tracing_mode": "PassThrough"}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" does not have active tracing (mode PassThrough)"
	d.evidence == {"tracing_mode": "PassThrough"}
}

test_absent_takes_the_default if {
	denies := tracing.deny with input as res({}, [])
	some d in denies
	d.evidence == {"tracing_mode": "PassThrough"}
}

test_unknown_is_unknown if {
	inp := res({"tracing_mode": null}, ["tracing_mode"])
	count(tracing.deny) == 0 with input as inp
	count(tracing.unknown) == 1 with input as inp
}
