package vigil.aws.logs.cloudtrail_retention_test

import data.vigil.aws.logs.cloudtrail_retention as rule

group(attrs, unknown) := {"id": "aws_cloudwatch_log_group.ct", "type": "aws.logs.log_group", "name": "ct", "attributes": object.union({"name": "ct"}, attrs), "unknown": unknown}

trail(ref, unknown) := {"id": "aws_cloudtrail.main", "type": "aws.cloudtrail.trail", "name": "main", "attributes": {"cloudwatch_logs_group_arn": ref}, "unknown": unknown}

inp(g, t) := {"by_type": {"aws.logs.log_group": [g], "aws.cloudtrail.trail": [t]}}

test_a_year_or_never_passes if {
	some days in [365, 3653, null]
	i := inp(group({"retention_in_days": days}, []), trail("aws_cloudwatch_log_group.ct:*", []))
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
	count(rule.not_applicable) == 0 with input as i
}

test_short_retention_fails if {
	denies := rule.deny with input as inp(group({"retention_in_days": 90}, []), trail("aws_cloudwatch_log_group.ct:*", []))
	count(denies) == 1
	some d in denies
	d.evidence.retention_in_days == 90
}

test_group_named_by_arn_fails if {
	count(rule.deny) == 1 with input as inp(group({"retention_in_days": 30}, []), trail("arn:aws:logs:eu-west-1:123456789012:log-group:ct:*", []))
}

test_group_of_no_trail_is_not_applicable if {
	i := inp(group({"retention_in_days": 30}, []), trail(null, []))
	count(rule.deny) == 0 with input as i
	count(rule.not_applicable) == 1 with input as i
}

test_unknown_retention_is_unknown if {
	i := inp(group({"retention_in_days": null}, ["retention_in_days"]), trail("aws_cloudwatch_log_group.ct:*", []))
	count(rule.deny) == 0 with input as i
	unknowns := rule.unknown with input as i
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["retention_in_days"]
}

test_unknown_trail_group_makes_short_groups_unknown if {
	i := inp(group({"retention_in_days": 30}, []), trail(null, ["cloudwatch_logs_group_arn"]))
	count(rule.deny) == 0 with input as i
	count(rule.not_applicable) == 0 with input as i
	unknowns := rule.unknown with input as i
	some u in unknowns
	u.missing == ["aws_cloudtrail.main.cloudwatch_logs_group_arn"]
	count(rule.not_applicable) == 1 with input as inp(group({"retention_in_days": 400}, []), trail(null, ["cloudwatch_logs_group_arn"]))
}
