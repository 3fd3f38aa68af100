package vigil.aws.ecr.lifecycle_policy_test

import data.vigil.aws.ecr.lifecycle_policy

res(attrs, unknown) := {"by_type": {"aws.ecr.repository": [{"id": "res.id", "type": "aws.ecr.repository", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_policy_passes if {
	count(lifecycle_policy.deny) == 0 with input as res({"lifecycle_policy": {"configured": true}}, [])
}

test_no_policy_fails if {
	denies := lifecycle_policy.deny with input as res({"lifecycle_policy": {"configured": false}}, [])
	count(denies) == 1
	some d in denies
	d.message == "ECR repository \"res\" has no lifecycle policy"
	count(lifecycle_policy.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({}, ["lifecycle_policy"])
	count(lifecycle_policy.deny) == 0 with input as inp
	count(lifecycle_policy.unknown) == 1 with input as inp
}
