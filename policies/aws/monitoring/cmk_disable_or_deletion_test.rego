package vigil.aws.monitoring.cmk_disable_or_deletion_test

import data.vigil.aws.monitoring.cmk_disable_or_deletion

trail(attrs, kind) := {
	"id": "trail", "type": "aws.cloudtrail.trail", "name": "main", "account": "123456789012", "region": "eu-west-1",
	"attributes": object.union({"multi_region": true, "logging": true, "cloudwatch_logs_group_arn": "arn:aws:logs:eu-west-1:123456789012:log-group:ct:*"}, attrs),
	"unknown": [], "source": {"kind": kind},
}

inp(trail_attrs, kind, classes) := {"by_type": {
	"aws.cloudtrail.trail": [trail(trail_attrs, kind)],
	"aws.logs.log_group": [{
		"id": "arn:aws:logs:eu-west-1:123456789012:log-group:ct", "type": "aws.logs.log_group", "name": "ct",
		"account": "123456789012", "region": "eu-west-1", "unknown": [], "source": {"kind": kind},
		"attributes": {"name": "ct", "metric_filters": [{"name": "f", "pattern": "{ ... }", "metric_name": "M", "metric_namespace": "CIS", "event_classes": classes, "pattern_error": null}]},
	}],
	"aws.cloudwatch.metric_alarm": [{
		"id": "alarm", "type": "aws.cloudwatch.metric_alarm", "name": "a", "unknown": [],
		"attributes": {"metric_name": "M", "namespace": "CIS", "actions_enabled": true, "alarm_actions": [{"arn": "arn:aws:sns:eu-west-1:123456789012:sec", "sns_subscriptions": 1}]},
	}],
	"aws.account": [{"id": "acct", "type": "aws.account", "account": "123456789012", "unknown": [], "attributes": {"regions": {"eu-west-1": {"cloudwatch_alarms": 1, "cloudtrail_trails": 1}}}}],
}}

test_filter_alarm_and_subscriber_pass if {
	i := inp({}, "aws", ["cmk_disable_or_deletion"])
	count(cmk_disable_or_deletion.deny) == 0 with input as i
	count(cmk_disable_or_deletion.unknown) == 0 with input as i
	count(cmk_disable_or_deletion.not_applicable) == 0 with input as i
}

test_filter_of_another_class_fails_live if {
	denies := cmk_disable_or_deletion.deny with input as inp({}, "aws", ["config_changes"])
	count(denies) == 1
	some d in denies
	d.resource == "trail"
	contains(d.message, "no metric filter on log group")
}

test_trail_without_log_group_fails_live_and_is_unknown_in_terraform if {
	count(cmk_disable_or_deletion.deny) == 1 with input as inp({"cloudwatch_logs_group_arn": null}, "aws", [])
	count(cmk_disable_or_deletion.deny) == 0 with input as inp({"cloudwatch_logs_group_arn": null}, "terraform", [])
	count(cmk_disable_or_deletion.unknown) == 1 with input as inp({"cloudwatch_logs_group_arn": null}, "terraform", ["cmk_disable_or_deletion"])
}

test_missing_filter_in_terraform_is_unknown if {
	i := inp({}, "terraform", ["config_changes"])
	count(cmk_disable_or_deletion.deny) == 0 with input as i
	unknowns := cmk_disable_or_deletion.unknown with input as i
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["metric_filters"]
}

test_single_region_trail_is_not_applicable if {
	i := inp({"multi_region": false}, "aws", ["cmk_disable_or_deletion"])
	count(cmk_disable_or_deletion.deny) == 0 with input as i
	count(cmk_disable_or_deletion.not_applicable) == 1 with input as i
}
