package vigil.aws.ecr.public_policy_test

import data.vigil.aws.ecr.public_policy

res(attrs, unknown) := {"by_type": {"aws.ecr.repository": [{"id": "res.id", "type": "aws.ecr.repository", "name": "res", "attributes": attrs, "unknown": unknown}]}}

public_stmt := {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["ecr:BatchGetImage"]}

test_no_policy_passes if {
	count(public_policy.deny) == 0 with input as res({"policy": null}, [])
	count(public_policy.unknown) == 0 with input as res({"policy": null}, [])
}

test_org_condition_passes if {
	stmt := object.union(public_stmt, {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}})
	count(public_policy.deny) == 0 with input as res({"policy": {"Statement": [stmt]}}, [])
}

test_public_fails if {
	denies := public_policy.deny with input as res({"policy": {"Statement": [public_stmt]}}, [])
	count(denies) == 1
	some d in denies
	d.message == "ECR repository \"res\" has a policy that lets anyone use it (1 statement(s) for Principal \"*\" without a caller condition)"
	d.evidence["policy.public_statements"] == [public_stmt]
}

test_unknown_is_unknown if {
	inp := res({"policy": null}, ["policy"])
	count(public_policy.deny) == 0 with input as inp
	unknowns := public_policy.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["policy"]
}

test_partly_unknown_condition_is_unknown if {
	stmt := object.union(public_stmt, {"Condition": null})
	inp := res({"policy": {"Statement": [stmt]}}, ["policy.Statement.0.Condition"])
	count(public_policy.unknown) == 1 with input as inp
}
