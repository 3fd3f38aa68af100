package vigil.aws.cloudwatch.alarm_actions_test

import data.vigil.aws.cloudwatch.alarm_actions as rule

inp(attrs, unknown) := {"by_type": {"aws.cloudwatch.metric_alarm": [{"id": "a", "type": "aws.cloudwatch.metric_alarm", "name": "root", "attributes": attrs, "unknown": unknown}]}}

test_action_passes if {
	i := inp({"actions_enabled": true, "alarm_actions": [{"arn": "arn:aws:sns:eu-west-1:123456789012:sec", "sns_subscriptions": 1}]}, [])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}

test_no_action_fails if {
	count(rule.deny) == 1 with input as inp({"actions_enabled": true, "alarm_actions": []}, [])
	count(rule.deny) == 1 with input as inp({}, [])
}

test_disabled_fails if {
	denies := rule.deny with input as inp({"actions_enabled": false, "alarm_actions": [{"arn": "x"}]}, [])
	count(denies) == 1
	some d in denies
	d.message == "alarm \"root\" has its actions disabled"
}

test_unknown_actions_are_unknown if {
	i := inp({"actions_enabled": true, "alarm_actions": null}, ["alarm_actions"])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 1 with input as i
}
