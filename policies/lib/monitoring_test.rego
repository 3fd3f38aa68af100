package vigil.lib_test

import data.vigil.lib

_class := "root_usage"

_what := "uses of the root user"

_trail(attrs, unknown, kind) := {
	"id": "trail", "type": "aws.cloudtrail.trail", "name": "main", "account": "123456789012", "region": "eu-west-1",
	"attributes": object.union({"multi_region": true, "logging": true, "cloudwatch_logs_group_arn": "arn:aws:logs:eu-west-1:123456789012:log-group:ct:*"}, attrs),
	"unknown": unknown, "source": {"kind": kind},
}

_group(filters, unknown) := {
	"id": "arn:aws:logs:eu-west-1:123456789012:log-group:ct", "type": "aws.logs.log_group", "name": "ct",
	"account": "123456789012", "region": "eu-west-1",
	"attributes": {"name": "ct", "metric_filters": filters}, "unknown": unknown, "source": {"kind": "aws"},
}

_filter(classes) := {"name": "root", "pattern": "{ ... }", "metric_name": "RootUsage", "metric_namespace": "CIS", "event_classes": classes, "pattern_error": null}

_alarm(attrs, unknown) := {
	"id": "alarm", "type": "aws.cloudwatch.metric_alarm", "name": "root", "account": "123456789012", "region": "eu-west-1",
	"attributes": object.union({"metric_name": "RootUsage", "namespace": "CIS", "actions_enabled": true, "alarm_actions": [{"arn": "arn:aws:sns:eu-west-1:123456789012:sec", "sns_subscriptions": 1}]}, attrs),
	"unknown": unknown,
}

_account(alarms) := {"id": "acct", "type": "aws.account", "account": "123456789012", "attributes": {"regions": {"eu-west-1": {"cloudwatch_alarms": alarms, "cloudtrail_trails": 1}}}, "unknown": []}

_in(trails, groups, alarms, accounts) := {"by_type": {
	"aws.cloudtrail.trail": trails, "aws.logs.log_group": groups,
	"aws.cloudwatch.metric_alarm": alarms, "aws.account": accounts,
}}

_complete := _in([_trail({}, [], "aws")], [_group([_filter(["root_usage"])], [])], [_alarm({}, [])], [_account(1)])

_verdict(inp) := v if {
	some t in inp.by_type["aws.cloudtrail.trail"]
	t.id == "trail"
	v := _verdict_of(t, inp)
}

test_monitoring_complete_chain_passes if {
	_verdict(_complete).status == "pass"
	count(lib.monitoring_deny(_class, _what)) == 0 with input as _complete
	count(lib.monitoring_unknown(_class, _what)) == 0 with input as _complete
	count(lib.monitoring_not_applicable(_class, _what)) == 0 with input as _complete
}

test_monitoring_group_named_by_arn_from_terraform if {
	g := object.union(_group([_filter(["root_usage"])], []), {"id": "aws_cloudwatch_log_group.ct", "account": "", "region": ""})
	t := _trail({"cloudwatch_logs_group_arn": "aws_cloudwatch_log_group.ct:*"}, [], "terraform")
	_verdict(_in([t], [g], [_alarm({}, [])], [])).status == "pass"
	t2 := _trail({}, [], "terraform")
	_verdict(_in([t2], [g], [_alarm({}, [])], [])).status == "pass"
}

test_monitoring_group_of_another_region_is_not_the_trails if {
	g := object.union(_group([_filter(["root_usage"])], []), {"id": "arn:aws:logs:us-east-1:123456789012:log-group:ct", "region": "us-east-1"})
	v := _verdict(_in([_trail({}, [], "aws")], [g], [_alarm({}, [])], [_account(1)]))
	v.status == "unknown"
	v.missing == ["arn:aws:logs:eu-west-1:123456789012:log-group:ct"]
}

test_monitoring_single_region_trail_is_not_applicable if {
	inp := _in([_trail({"multi_region": false}, [], "aws")], [], [], [])
	_verdict(inp).status == "not_applicable"
	count(lib.monitoring_not_applicable(_class, _what)) == 1 with input as inp
	v := _verdict(_in([_trail({"multi_region": null}, ["multi_region"], "aws")], [], [], []))
	v.status == "unknown"
	v.missing == ["multi_region"]
}

test_monitoring_trail_not_logging_fails if {
	v := _verdict(_in([_trail({"logging": false}, [], "aws")], [], [], [_account(1)]))
	v.status == "fail"
	v.evidence.logging == false
	u := _verdict(_in([_trail({"logging": false}, [], "terraform")], [], [], []))
	u.status == "unknown"
	contains(u.message, "(a trail outside the scanned configuration may monitor them)")
}

test_monitoring_live_failure_needs_every_region_listed if {
	unlisted := {"id": "acct", "type": "aws.account", "account": "123456789012", "unknown": ["regions.us-east-1.cloudtrail_trails"],
		"attributes": {"regions": {"eu-west-1": {"cloudwatch_alarms": 1, "cloudtrail_trails": 1}, "us-east-1": {"cloudtrail_trails": null}}}}
	v := _verdict(_in([_trail({"cloudwatch_logs_group_arn": null}, [], "aws")], [], [], [unlisted]))
	v.status == "unknown"
	v.missing == ["regions.us-east-1.cloudtrail_trails"]
	# no account at all: the trails may not all be there
	w := _verdict(_in([_trail({"cloudwatch_logs_group_arn": null}, [], "aws")], [], [], []))
	w.status == "unknown"
	w.missing == ["regions"]
}

test_monitoring_trail_without_log_group_fails if {
	inp := _in([_trail({"cloudwatch_logs_group_arn": null}, [], "aws")], [], [], [_account(1)])
	v := _verdict(inp)
	v.status == "fail"
	contains(v.message, "delivers its events to no CloudWatch Logs group")
	count(lib.monitoring_deny(_class, _what)) == 1 with input as inp
	_verdict(_in([_trail({"cloudwatch_logs_group_arn": null}, ["cloudwatch_logs_group_arn"], "aws")], [], [], [])).status == "unknown"
}

test_monitoring_other_trail_meets_it if {
	other := object.union(_trail({"cloudwatch_logs_group_arn": null}, [], "aws"), {"id": "trail"})
	good := object.union(_trail({}, [], "aws"), {"id": "good"})
	inp := _in([other, good], [_group([_filter(["root_usage"])], [])], [_alarm({}, [])], [_account(1)])
	v := _verdict(inp)
	v.status == "not_applicable"
	contains(v.message, "through trail \"good\"")
}

test_monitoring_live_missing_filter_fails if {
	inp := _in([_trail({}, [], "aws")], [_group([_filter(["iam_policy_changes"])], [])], [_alarm({}, [])], [_account(1)])
	v := _verdict(inp)
	v.status == "fail"
	contains(v.message, "no metric filter on log group")
}

test_monitoring_terraform_missing_filter_is_unknown if {
	g := object.union(_group([], []), {"source": {"kind": "terraform"}})
	v := _verdict(_in([_trail({}, [], "terraform")], [g], [], []))
	v.status == "unknown"
	contains(v.message, "may be managed elsewhere")
}

test_monitoring_unevaluated_pattern_is_unknown if {
	f := object.union(_filter([]), {"pattern": "Root", "pattern_error": "not evaluated: unsupported filter pattern"})
	v := _verdict(_in([_trail({}, [], "aws")], [_group([f], [])], [], [_account(1)]))
	v.status == "unknown"
	v.missing == ["arn:aws:logs:eu-west-1:123456789012:log-group:ct.metric_filters.0.event_classes"]
}

test_monitoring_unknown_filters_are_unknown if {
	v := _verdict(_in([_trail({}, [], "aws")], [_group(null, ["metric_filters"])], [], [_account(1)]))
	v.status == "unknown"
	v.missing == ["arn:aws:logs:eu-west-1:123456789012:log-group:ct.metric_filters"]
}

test_monitoring_live_alarm_missing_fails_once_listed if {
	v := _verdict(_in([_trail({}, [], "aws")], [_group([_filter(["root_usage"])], [])], [], [_account(0)]))
	v.status == "fail"
	v.evidence.metric_filters == ["root"]
	u := _verdict(_in([_trail({}, [], "aws")], [_group([_filter(["root_usage"])], [])], [], [_account(null)]))
	u.status == "unknown"
	u.missing == ["regions.eu-west-1.cloudwatch_alarms"]
}

test_monitoring_alarm_links_that_break_the_chain if {
	# another metric, actions disabled, a topic without subscriber, no SNS action
	some attrs in [
		{"metric_name": "Other"},
		{"namespace": "Other"},
		{"actions_enabled": false},
		{"alarm_actions": [{"arn": "arn:aws:sns:eu-west-1:123456789012:sec", "sns_subscriptions": 0}]},
		{"alarm_actions": [{"arn": "arn:aws:automate:eu-west-1:ec2:stop", "sns_subscriptions": null}]},
		{"alarm_actions": []},
	]
	_verdict(_in([_trail({}, [], "aws")], [_group([_filter(["root_usage"])], [])], [_alarm(attrs, [])], [_account(1)])).status == "fail"
}

test_monitoring_unknown_subscriptions_are_unknown if {
	a := _alarm({"alarm_actions": [{"arn": "arn:aws:sns:eu-west-1:111122223333:x", "sns_subscriptions": null}]}, ["alarm_actions.0.sns_subscriptions"])
	v := _verdict(_in([_trail({}, [], "aws")], [_group([_filter(["root_usage"])], [])], [a], [_account(1)]))
	v.status == "unknown"
	v.missing == ["alarm.alarm_actions"]
}

test_monitoring_terraform_alarm_missing_is_unknown if {
	v := _verdict(_in([_trail({}, [], "terraform")], [_group([_filter(["root_usage"])], [])], [], []))
	v.status == "unknown"
	v.missing == ["alarms"]
}

# _verdict_of reads the verdict on t from the three result sets, as the rules see it.
_verdict_of(t, inp) := {"status": "fail", "message": r.message, "evidence": r.evidence} if {
	some r in lib.monitoring_deny(_class, _what) with input as inp
	r.resource == t.id
} else := {"status": "unknown", "message": r.message, "missing": r.missing} if {
	some r in lib.monitoring_unknown(_class, _what) with input as inp
	r.resource == t.id
} else := {"status": "not_applicable", "message": r.message} if {
	some r in lib.monitoring_not_applicable(_class, _what) with input as inp
	r.resource == t.id
} else := {"status": "pass"}

test_monitoring_fast_and_slow_paths_agree if {
	# The terraform trail without a log group is decided in the comprehension; with an unknown tag it takes
	# monitoring_verdict: the same result.
	t := _trail({"cloudwatch_logs_group_arn": null}, [], "terraform")
	slow := object.union(t, {"unknown": ["tags"]})
	a := _verdict(_in([t], [], [], []))
	b := _verdict(_in([slow], [], [], []))
	a == b
	a.status == "unknown"
	n := _trail({"multi_region": false}, [], "terraform")
	_verdict(_in([n], [], [], [])) == _verdict(_in([object.union(n, {"unknown": ["tags"]})], [], [], []))
}

# A trail's class-independent verdict is judged once (_mon_base) and shared by the 15 rules of a query:
# each class still gets its own words, in place, under each way a failure settles.
test_monitoring_shared_trail_verdict_keeps_each_class_words if {
	some [inp, want] in [
		[
			_in([_trail({"logging": false}, [], "aws")], [], [], [_account(1)]),
			"trail \"main\" is not logging: %s are not monitored through it",
		],
		[
			_in([_trail({"cloudwatch_logs_group_arn": null}, [], "aws")], [], [], []),
			"trail \"main\" delivers its events to no CloudWatch Logs group: %s are not monitored; the trails of some regions were not listed",
		],
		[
			_in([_trail({"logging": false}, ["tags"], "terraform")], [], [], []),
			"trail \"main\" is not logging: %s are not monitored through it (a trail outside the scanned configuration may monitor them)",
		],
		[
			_in([_trail({"cloudwatch_logs_group_arn": null}, ["tags"], "terraform")], [], [], []),
			"trail \"main\" delivers its events to no CloudWatch Logs group: %s are not monitored (a trail outside the scanned configuration may monitor them)",
		],
	]
	got := {what: r.message |
		some [class, what] in [[_class, _what], ["unauthorized_api_calls", "unauthorised API calls"]]
		some r in lib.monitoring_deny(class, what) | lib.monitoring_unknown(class, what) with input as inp
	}
	got == {what: sprintf(want, [what]) | some what in [_what, "unauthorised API calls"]}
}

# The results of the three functions are what monitoring_verdict gives each trail, whatever route a
# trail takes (decided by its base verdict once per evaluation, or judged per class): for every base
# outcome, alone, beside a trail whose chain is complete, and beside one of another account.
test_monitoring_results_are_monitoring_verdict if {
	variants := [
		_trail({"multi_region": false}, [], "aws"),
		_trail({"multi_region": false}, ["tags"], "terraform"),
		_trail({"multi_region": null}, ["multi_region"], "aws"),
		_trail({"logging": false}, [], "aws"),
		_trail({"logging": false}, [], "terraform"),
		_trail({"logging": null}, ["logging"], "aws"),
		_trail({"cloudwatch_logs_group_arn": null}, ["cloudwatch_logs_group_arn"], "aws"),
		_trail({"cloudwatch_logs_group_arn": null}, [], "aws"),
		_trail({"cloudwatch_logs_group_arn": ""}, [], "terraform"),
		_trail({"cloudwatch_logs_group_arn": "arn:aws:logs:eu-west-1:123456789012:log-group:elsewhere:*"}, [], "aws"),
		_trail({}, [], "aws"),
		_trail({}, [], "terraform"),
	]
	good := object.union(_trail({}, [], "aws"), {"id": "good"})
	foreign := object.union(_trail({}, [], "aws"), {"id": "foreign", "account": "999999999999"})
	inputs := [[t, extra, accounts] |
		some t in variants
		some extra in [[], [good], [foreign]]
		some accounts in [[], [_account(1)]]
	]
	mismatches := [[x[0], x[1], x[2], got, want] |
		some x in inputs
		inp := _in(array.concat([x[0]], x[1]), [_group([_filter(["root_usage"])], [])], [_alarm({}, [])], x[2])
		got := _results(inp)
		want := _expected(inp)
		got != want
	]
	mismatches == []
}

_results(inp) := [deny, unknown, not_applicable] if {
	deny := lib.monitoring_deny(_class, _what) with input as inp
	unknown := lib.monitoring_unknown(_class, _what) with input as inp
	not_applicable := lib.monitoring_not_applicable(_class, _what) with input as inp
}

_expected(inp) := [
	{{"resource": t.id, "message": v.message, "evidence": v.evidence} | some [t, v] in verdicts; v.status == "fail"},
	{{"resource": t.id, "message": v.message, "missing": v.missing} | some [t, v] in verdicts; v.status == "unknown"},
	{{"resource": t.id, "message": v.message} | some [t, v] in verdicts; v.status == "not_applicable"},
] if {
	complete := lib.monitoring_complete(_class) with input as inp
	verdicts := [[t, v] |
		some t in inp.by_type["aws.cloudtrail.trail"]
		v := lib.monitoring_verdict(t, _class, _what, complete) with input as inp
	]
}
