package vigil.aws.lambda.vpc_test

import data.vigil.aws.lambda.vpc

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_vpc_passes if {
	count(vpc.deny) == 0 with input as res({"vpc": {"subnet_ids": ["subnet-1"]}}, [])
}

test_no_vpc_fails if {
	denies := vpc.deny with input as res({"vpc": {"subnet_ids": []}}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" is not attached to a VPC"
	d.evidence == {"vpc.subnet_ids": []}
	count(vpc.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"vpc": {"subnet_ids": null}}, ["vpc.subnet_ids"])
	count(vpc.deny) == 0 with input as inp
	unknowns := vpc.unknown with input as inp
	some u in unknowns
	u.missing == ["vpc.subnet_ids"]
}
