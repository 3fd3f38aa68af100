package vigil.aws.cloudtrail.cloudwatch_logs_test

import data.vigil.aws.cloudtrail.cloudwatch_logs as rule

inp(attrs, unknown) := {"by_type": {"aws.cloudtrail.trail": [{"id": "t", "type": "aws.cloudtrail.trail", "name": "main", "attributes": attrs, "unknown": unknown}]}}

test_delivering_trail_passes if {
	i := inp({"cloudwatch_logs_group_arn": "arn:aws:logs:eu-west-1:123456789012:log-group:ct:*", "logging": true}, [])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}

test_no_group_fails if {
	denies := rule.deny with input as inp({"cloudwatch_logs_group_arn": null}, [])
	count(denies) == 1
	count(rule.deny) == 1 with input as inp({}, [])
}

test_not_logging_fails if {
	denies := rule.deny with input as inp({"cloudwatch_logs_group_arn": "aws_cloudwatch_log_group.ct:*", "logging": false}, [])
	count(denies) == 1
	some d in denies
	d.evidence.logging == false
}

test_unknown_is_unknown if {
	i := inp({"cloudwatch_logs_group_arn": null, "logging": true}, ["cloudwatch_logs_group_arn"])
	count(rule.deny) == 0 with input as i
	unknowns := rule.unknown with input as i
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["cloudwatch_logs_group_arn"]
	count(rule.unknown) == 0 with input as inp({"cloudwatch_logs_group_arn": null}, ["logging"])
}

test_not_a_log_group_is_unknown if {
	i := inp({"cloudwatch_logs_group_arn": "x"}, [])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 1 with input as i
	count(rule.unknown) == 0 with input as inp({"cloudwatch_logs_group_arn": "module.logs.aws_cloudwatch_log_group.this:*"}, [])
}
