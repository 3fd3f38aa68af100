package vigil.aws.lambda.reserved_concurrency_test

import data.vigil.aws.lambda.reserved_concurrency

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_reserved_passes if {
	count(reserved_concurrency.deny) == 0 with input as res({"reserved_concurrent_executions": 10}, [])
}

test_unreserved_fails if {
	denies := reserved_concurrency.deny with input as res({"reserved_concurrent_executions": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" has no reserved concurrency"
	d.evidence == {"reserved_concurrent_executions": null}
	count(reserved_concurrency.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"reserved_concurrent_executions": null}, ["reserved_concurrent_executions"])
	count(reserved_concurrency.deny) == 0 with input as inp
	count(reserved_concurrency.unknown) == 1 with input as inp
}
