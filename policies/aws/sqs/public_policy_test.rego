package vigil.aws.sqs.public_policy_test

import data.vigil.aws.sqs.public_policy

res(attrs, unknown) := {"by_type": {"aws.sqs.queue": [{"id": "res.id", "type": "aws.sqs.queue", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["sqs:SendMessage"], "Resource": ["*"], "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}}, [])
	count(public_policy.deny) == 0 with input as inp
	count(public_policy.unknown) == 0 with input as inp
	count(public_policy.deny) == 0 with input as res({"policy": null}, [])
}

test_public_policy_fails if {
	denies := public_policy.deny with input as res({"policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["sqs:SendMessage"], "Resource": ["*"]}]}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "SQS queue \"res\" has a policy statement that allows anyone"
	d.evidence["policy.public_statements"] == [{"Effect": "Allow", "Principal": "*", "Action": ["sqs:SendMessage"], "Resource": ["*"]}]
}

test_unknown_policy_is_unknown if {
	inp := res({"policy": null}, ["policy"])
	count(public_policy.deny) == 0 with input as inp
	unknowns := public_policy.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["policy"]
}

test_known_public_statement_beside_unknown_part_fails if {
	pol := {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["sqs:SendMessage"], "Resource": ["*"]}, {"Effect": "Allow", "Principal": null, "Action": ["sqs:SendMessage"], "Resource": ["*"]}]}
	inp := res(object.union({}, {"policy": pol}), ["policy.Statement.1.Principal"])
	count(public_policy.deny) == 1 with input as inp
	count(public_policy.unknown) == 0 with input as inp
}
