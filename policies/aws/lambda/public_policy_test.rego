package vigil.aws.lambda.public_policy_test

import data.vigil.aws.lambda.public_policy

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

public_stmt := {"Sid": "p", "Effect": "Allow", "Principal": "*", "Action": ["lambda:InvokeFunction"], "Resource": ["f"]}

test_no_policy_passes if {
	count(public_policy.deny) == 0 with input as res({"policy": null}, [])
	count(public_policy.unknown) == 0 with input as res({"policy": null}, [])
}

test_narrowed_principal_passes if {
	stmt := object.union(public_stmt, {"Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"}}})
	count(public_policy.deny) == 0 with input as res({"policy": {"Statement": [stmt]}}, [])
	svc := object.union(public_stmt, {"Principal": {"Service": ["s3.amazonaws.com"]}})
	count(public_policy.deny) == 0 with input as res({"policy": {"Statement": [svc]}}, [])
}

test_public_statement_fails if {
	denies := public_policy.deny with input as res({"policy": {"Statement": [public_stmt]}}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" has a resource policy that lets anyone invoke it (1 statement(s) for Principal \"*\" without a source condition)"
	d.evidence["policy.public_statements"] == [public_stmt]
}

test_url_auth_condition_does_not_narrow if {
	stmt := object.union(public_stmt, {"Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}})
	count(public_policy.deny) == 1 with input as res({"policy": {"Statement": [stmt]}}, [])
}

test_unknown_policy_is_unknown if {
	inp := res({"policy": null}, ["policy"])
	count(public_policy.deny) == 0 with input as inp
	unknowns := public_policy.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["policy"]
}

test_known_public_statement_wins_over_unknown_part if {
	inp := res({"policy": {"Statement": [public_stmt, null]}}, ["policy.Statement.1"])
	count(public_policy.deny) == 1 with input as inp
	count(public_policy.unknown) == 0 with input as inp
}
