# CIS monitoring (CIS AWS Foundations v6.0.0, 5.1-5.15): the helpers of the MON.* rules
# (policies/aws/monitoring). One rule per event class; each judges every CloudTrail trail:
#
#   multi-region trail → its CloudWatch Logs group (cloudwatch_logs_group_arn) → a metric filter whose
#   pattern recognises the class (event_classes, computed in Go by internal/logfilter) → an alarm on the
#   filter's metric (name and namespace) with actions enabled → an SNS topic with a subscriber.
#
# A trail whose chain is complete passes. A trail that is not multi-region is not applicable, and so is
# any trail of an account where another trail's chain is complete (the benchmark asks it of the account).
# Terraform and plan JSON can show a chain, never its absence from the account (another trail, filter or
# alarm may be managed elsewhere): a missing link is unknown for them. A live trail fails when a link is
# missing (not logging, no log group, no filter, no alarm, no subscriber), every region's trails were
# listed, and, past the filter, the alarms of the log group's region were listed; otherwise it is unknown.
package vigil.lib

_mon_trails := resources("aws.cloudtrail.trail")

_mon_groups := resources("aws.logs.log_group")

# _mon_alarms_by_metric indexes the alarms by "<namespace>/<metric name>" once per evaluation.
_mon_alarms_by_metric := {k: [a |
	some a in resources("aws.cloudwatch.metric_alarm")
	_mon_metric_key(a.attributes.namespace, a.attributes.metric_name) == k
] |
	some a0 in resources("aws.cloudwatch.metric_alarm")
	k := _mon_metric_key(a0.attributes.namespace, a0.attributes.metric_name)
}

_mon_metric_key(ns, name) := concat("/", [ns, name]) if {
	is_string(ns)
	is_string(name)
}

# _mon_group_ref is the trail's log group ARN without the ":*" CloudTrail asks for.
_mon_group_ref(t) := trim_suffix(t.attributes.cloudwatch_logs_group_arn, ":*") if {
	is_string(t.attributes.cloudwatch_logs_group_arn)
	t.attributes.cloudwatch_logs_group_arn != ""
}

# _mon_group_name is the log group name inside a CloudWatch Logs ARN (arn:...:log-group:NAME).
_mon_group_name(ref) := substring(ref, i + count(":log-group:"), -1) if {
	startswith(ref, "arn:")
	i := indexof(ref, ":log-group:")
	i >= 0
}

# The log groups indexed by id once per evaluation: a trail that names its group by id (a live ARN, a
# Terraform reference) finds it without scanning every group; only a name written in an ARN literal does.
_mon_groups_by_id := {g.id: g | some g in _mon_groups}

# _mon_trail_groups are the scanned log groups the trail delivers to: the one whose id is the reference
# (a live ARN, or a Terraform address), or whose name the ARN carries (with its region and account).
_mon_trail_groups(t) := [g | some g in _mon_groups_for(_mon_group_ref(t))]

_mon_groups_for(ref) := [_mon_groups_by_id[ref]] if _mon_groups_by_id[ref]

else := [g |
	name := _mon_group_name(ref)
	some g in _mon_groups
	g.attributes.name == name
	_mon_same_place(ref, g)
]

_mon_names_group(ref, g) if g.id == ref

_mon_names_group(ref, g) if {
	g.id != ref
	_mon_group_name(ref) == g.attributes.name
	_mon_same_place(ref, g)
}

# An ARN's account and region must be the group's when the group has them (live).
_mon_same_place(ref, g) if {
	parts := split(ref, ":")
	_mon_matches(parts[3], object.get(g, "region", ""))
	_mon_matches(parts[4], object.get(g, "account", ""))
}

_mon_matches(_, have) if have == ""

_mon_matches(want, have) if want == have

_mon_live(r) if r.source.kind == "aws"

# _mon_filters are the group's metric filters whose pattern recognises the class.
_mon_filters(g, class) := [f |
	some f in _mon_filter_list(g)
	is_array(f.event_classes)
	class in f.event_classes
]

_mon_filter_list(g) := g.attributes.metric_filters if is_array(g.attributes.metric_filters)

else := []

# _mon_chains are the complete chains of the trail for the class.
_mon_chains(t, class) := [{"log_group": g.id, "metric_filter": f.name, "alarm": a.id, "sns_topic": act.arn} |
	some g in _mon_trail_groups(t)
	some f in _mon_filters(g, class)
	some a in object.get(_mon_alarms_by_metric, _mon_metric_key(f.metric_namespace, f.metric_name), [])
	a.attributes.actions_enabled != false
	some act in a.attributes.alarm_actions
	number_at_least(act.sns_subscriptions, 1)
]

_mon_complete(t, class) if count(_mon_chains(t, class)) > 0

# monitoring_complete maps the multi-region trails whose chain is complete for the class to their account.
# Only a trail with a log group reference can have one: the others are ruled out without a function call.
monitoring_complete(class) := {t.id: object.get(t, "account", "") |
	some t in _mon_trails
	t.attributes.multi_region == true
	is_string(t.attributes.cloudwatch_logs_group_arn)
	_mon_multi_region(t)
	_mon_complete(t, class)
}

# _mon_met_elsewhere is another trail of the same account whose chain is complete (complete is
# monitoring_complete(class), computed once).
_mon_met_elsewhere(t, complete) := min(ids) if {
	count(complete) > 0
	ids := {id | some id, account in complete; id != t.id; account == object.get(t, "account", "")}
	count(ids) > 0
}

_mon_multi_region(t) if {
	t.attributes.multi_region == true
	not is_unknown(t, "multi_region")
}

# _mon_alarms_listed: the live account listed the alarms of the log group's region.
_mon_alarms_listed(g) if {
	some acct in resources("aws.account")
	acct.account == g.account
	path := sprintf("regions.%s.cloudwatch_alarms", [g.region])
	not is_unknown(acct, path)
	is_number(object.get(acct.attributes, ["regions", g.region, "cloudwatch_alarms"], null))
}

# _mon_filter_unknowns lists why a filter of the group might recognise the class.
_mon_filter_unknowns(g) := [p |
	some i, f in _mon_filter_list(g)
	_mon_pattern_unjudged(g, i, f)
	p := sprintf("%s.metric_filters.%d.event_classes", [g.id, i])
]

_mon_pattern_unjudged(g, i, _) if is_unknown(g, sprintf("metric_filters.%d.event_classes", [i]))

_mon_pattern_unjudged(_, _, f) if is_string(f.pattern_error)

# _mon_alarm_unknowns lists why an alarm on the class's filters might notify a subscriber.
_mon_alarm_unknowns(g, class) := [p |
	some f in _mon_filters(g, class)
	some a in object.get(_mon_alarms_by_metric, _mon_metric_key(f.metric_namespace, f.metric_name), [])
	some p in _mon_alarm_gaps(a)
]

_mon_alarm_gaps(a) := [sprintf("%s.alarm_actions", [a.id])] if unknown_within(a, "alarm_actions")

else := [sprintf("%s.actions_enabled", [a.id])] if is_unknown(a, "actions_enabled")

else := []

_mon_evidence(t) := {
	"trail": t.id,
	"multi_region": object.get(t.attributes, "multi_region", false),
	"logging": object.get(t.attributes, "logging", true),
	"cloudwatch_logs_group_arn": object.get(t.attributes, "cloudwatch_logs_group_arn", null),
	"log_groups": [g.id | some g in _mon_trail_groups(t)],
}

# monitoring_verdict is the verdict on trail t for one event class: {status, message, missing|evidence}.
# A failure stands only for a live account whose trails were all listed: from Terraform or plan JSON, or
# with a region's trails unlisted, another trail may monitor the events, and the verdict is unknown.
#
# Most of a trail's chain does not depend on the class (multi-region, logging, its log group), and the
# 15 MON rules are evaluated in one query: _mon_base judges that part once per trail (OPA caches a
# function's result per argument within a query), and only the complete-chain checks, the filters and
# alarms, and the class's words in the message are worked out per class.
monitoring_verdict(t, class, what, complete) := _mon_class_verdict(t, _mon_base(t), class, what, complete)

_mon_class_verdict(t, b, class, what, complete) := _mon_final(b, what) if {
	b.at == "before"
} else := {"status": "pass"} if {
	complete[t.id]
} else := {"status": "not_applicable", "message": sprintf("%s of the account are monitored through trail %q", [what, o])} if {
	o := _mon_met_elsewhere(t, complete)
} else := _mon_final(b, what) if {
	b.at == "after"
} else := _mon_settle(t, _mon_filters_verdict(t, class, what))

# _mon_final is a verdict of _mon_base with the class's words in its message.
_mon_final(b, what) := {"status": b.status, "message": _mon_message(b, what), "missing": b.missing} if {
	b.missing
} else := {"status": b.status, "message": _mon_message(b, what), "evidence": b.evidence} if {
	b.evidence
} else := {"status": b.status, "message": _mon_message(b, what)}

# A message that names the class is kept as the text before and after its words (a trail's name is
# the stranger's text: it is never used as a format).
_mon_message(b, what) := b.message if is_string(b.message)

else := concat("", [b.message[0], what, b.message[1]])

# _mon_base is the class-independent verdict on trail t: "before" the complete-chain checks (not
# multi-region, or unknown whether it is), "after" them (the trail or its log group stops the chain,
# failures settled as _mon_settle does), or "chain" when the class's filters and alarms decide.
_mon_base(t) := {"at": "before", "status": "not_applicable", "message": sprintf("trail %q is not multi-region", [label(t)])} if {
	not is_unknown(t, "multi_region")
	object.get(t.attributes, "multi_region", false) == false
} else := {"at": "before", "status": "unknown", "message": sprintf("whether trail %q covers every region is unknown", [label(t)]), "missing": ["multi_region"]} if {
	is_unknown(t, "multi_region")
} else := _mon_base_fail(t, [sprintf("trail %q is not logging: ", [label(t)]), " are not monitored through it"]) if {
	not is_unknown(t, "logging")
	object.get(t.attributes, "logging", true) == false
} else := {"at": "after", "status": "unknown", "message": sprintf("whether trail %q is logging is unknown", [label(t)]), "missing": ["logging"]} if {
	is_unknown(t, "logging")
} else := {"at": "after", "status": "unknown", "message": sprintf("the CloudWatch Logs group of trail %q is unknown", [label(t)]), "missing": ["cloudwatch_logs_group_arn"]} if {
	is_unknown(t, "cloudwatch_logs_group_arn")
} else := _mon_base_fail(t, [sprintf("trail %q delivers its events to no CloudWatch Logs group: ", [label(t)]), " are not monitored"]) if {
	not _mon_group_ref(t)
} else := {"at": "after", "status": "unknown", "message": sprintf("log group %s of trail %q was not scanned", [_mon_group_ref(t), label(t)]), "missing": [_mon_group_ref(t)]} if {
	count(_mon_trail_groups(t)) == 0
} else := {"at": "chain"}

# _mon_base_fail settles a failure of the trail itself as _mon_settle does, the message kept in parts.
_mon_base_fail(t, parts) := {"at": "after", "status": "fail", "message": parts, "evidence": _mon_evidence(t)} if {
	_mon_live(t)
	_mon_listed[object.get(t, "account", "")]
} else := {"at": "after", "status": "unknown", "message": [parts[0], concat("", [parts[1], _mon_elsewhere_note])], "missing": ["cloudwatch_logs_group_arn"]} if {
	not _mon_live(t)
} else := {"at": "after", "status": "unknown", "message": [parts[0], concat("", [parts[1], "; the trails of some regions were not listed"])], "missing": _mon_unlisted(object.get(t, "account", ""))}

# _mon_filters_verdict judges a trail whose log groups were scanned by the class's filters and alarms.
_mon_filters_verdict(t, class, what) := {"status": "unknown", "message": sprintf("the metric filters of log group %s (trail %q) are unknown", [_mon_group_ref(t), label(t)]), "missing": [sprintf("%s.metric_filters", [g.id]) | some g in _mon_trail_groups(t); unknown_within(g, "metric_filters")]} if {
	some g in _mon_trail_groups(t)
	unknown_within(g, "metric_filters")
	count(_mon_filters(g, class)) == 0
} else := monitoring_missing(t, class, what)

_mon_settle(_, raw) := raw if raw.status != "fail"

_mon_settle(t, raw) := raw if {
	raw.status == "fail"
	_mon_live(t)
	_mon_listed[object.get(t, "account", "")]
}

_mon_settle(t, raw) := {"status": "unknown", "message": concat("", [raw.message, _mon_elsewhere_note]), "missing": ["cloudwatch_logs_group_arn"]} if {
	raw.status == "fail"
	not _mon_live(t)
}

_mon_settle(t, raw) := {"status": "unknown", "message": concat("", [raw.message, "; the trails of some regions were not listed"]), "missing": _mon_unlisted(object.get(t, "account", ""))} if {
	raw.status == "fail"
	_mon_live(t)
	not _mon_listed[object.get(t, "account", "")]
}

# _mon_elsewhere_note ends the message of a failure that Terraform or a plan cannot establish.
_mon_elsewhere_note := " (a trail outside the scanned configuration may monitor them)"

# _mon_listed are the live accounts whose trails were listed in every collected region (aws.account
# regions.<region>.cloudtrail_trails), so no trail of theirs is missing from the inventory.
_mon_listed contains acct.account if {
	some acct in resources("aws.account")
	is_object(acct.attributes.regions)
	count(acct.attributes.regions) > 0
	count(_mon_unlisted(acct.account)) == 0
}

_mon_unlisted(account) := sort([path |
	some acct in resources("aws.account")
	acct.account == account
	some region, facts in acct.attributes.regions
	path := sprintf("regions.%s.cloudtrail_trails", [region])
	_mon_region_unlisted(acct, path, facts)
]) if {
	some acct in resources("aws.account")
	acct.account == account
	is_object(acct.attributes.regions)
} else := ["regions"]

_mon_region_unlisted(acct, path, _) if is_unknown(acct, path)

_mon_region_unlisted(_, _, facts) if not is_number(object_get(facts, "cloudtrail_trails", null))

# monitoring_missing judges a chain that stops past the log group.
monitoring_missing(t, class, what) := {"status": "unknown", "message": sprintf("no metric filter of log group %s (trail %q) is known to recognise %s: some patterns were not evaluated", [_mon_group_ref(t), label(t), what]), "missing": gaps} if {
	not _mon_any_filter(t, class)
	gaps := [p | some g in _mon_trail_groups(t); some p in _mon_filter_unknowns(g)]
	count(gaps) > 0
} else := {"status": "unknown", "message": sprintf("no metric filter on log group %s of trail %q recognises %s in the scanned configuration; one may be managed elsewhere", [_mon_group_ref(t), label(t), what]), "missing": ["metric_filters"]} if {
	not _mon_any_filter(t, class)
	not _mon_live(t)
} else := {"status": "fail", "message": sprintf("no metric filter on log group %s of trail %q recognises %s", [_mon_group_ref(t), label(t), what]), "evidence": _mon_evidence(t)} if {
	not _mon_any_filter(t, class)
} else := {"status": "unknown", "message": sprintf("whether an alarm on the %s metric filter of trail %q notifies a subscriber is unknown", [what, label(t)]), "missing": gaps} if {
	gaps := [p | some g in _mon_trail_groups(t); some p in _mon_alarm_unknowns(g, class)]
	count(gaps) > 0
} else := {"status": "unknown", "message": sprintf("no alarm on the %s metric filter of trail %q notifies an SNS topic with a subscriber in the scanned configuration; one may be managed elsewhere", [what, label(t)]), "missing": ["alarms"]} if {
	not _mon_live(t)
} else := {"status": "unknown", "message": sprintf("the CloudWatch alarms of the region of log group %s (trail %q) were not listed", [_mon_group_ref(t), label(t)]), "missing": [sprintf("regions.%s.cloudwatch_alarms", [g.region]) | some g in _mon_trail_groups(t); not _mon_alarms_listed(g)]} if {
	some g in _mon_trail_groups(t)
	not _mon_alarms_listed(g)
} else := {"status": "fail", "message": sprintf("no alarm on the %s metric filter of trail %q notifies an SNS topic with a subscriber", [what, label(t)]), "evidence": object.union(_mon_evidence(t), {"metric_filters": [f.name | some g in _mon_trail_groups(t); some f in _mon_filters(g, class)]})}

_mon_any_filter(t, class) if {
	some g in _mon_trail_groups(t)
	count(_mon_filters(g, class)) > 0
}

# The results of one MON rule: monitoring_deny, monitoring_unknown and monitoring_not_applicable.
#
# A trail's base verdict (_mon_base) is judged once per evaluation, not once per class (_mon_based).
# When it decides every class (a trail that is not multi-region or not logging, has no log group, or
# whose group was not scanned), each class only joins its words into the message: a "before" verdict
# always, an "after" verdict when no trail's chain is complete for the class (otherwise the trail may
# pass, or be met by another trail of its account). Every other trail takes monitoring_verdict.
monitoring_deny(class, what) := settled | chained if {
	complete := monitoring_complete(class)
	settled := {{"resource": x[0].id, "message": concat(what, x[2]), "evidence": x[1].evidence} |
		count(complete) == 0
		some x in _mon_after_fail
	}
	chained := {{"resource": x[0], "message": v.message, "evidence": v.evidence} |
		some x in _mon_verdicts(class, what, complete)
		v := x[1]
		v.status == "fail"
	}
}

monitoring_unknown(class, what) := (before | after) | chained if {
	complete := monitoring_complete(class)
	before := {{"resource": x[0].id, "message": concat(what, x[2]), "missing": x[1].missing} |
		some x in _mon_before_unknown
	}
	after := {{"resource": x[0].id, "message": concat(what, x[2]), "missing": x[1].missing} |
		count(complete) == 0
		some x in _mon_after_unknown
	}
	chained := {{"resource": x[0], "message": v.message, "missing": v.missing} |
		some x in _mon_verdicts(class, what, complete)
		v := x[1]
		v.status == "unknown"
	}
}

monitoring_not_applicable(class, what) := (fast | before) | chained if {
	fast := {{"resource": t.id, "message": sprintf("trail %q is not multi-region", [label(t)])} |
		some t in _mon_trails
		not t.attributes.multi_region == true
		object.get(t, "unknown", []) == []
	}
	before := {{"resource": x[0].id, "message": concat(what, x[2])} | some x in _mon_before_na}
	chained := {{"resource": x[0], "message": v.message} |
		some x in _mon_verdicts(class, what, monitoring_complete(class))
		v := x[1]
		v.status == "not_applicable"
	}
}

# _mon_based lists [trail, base verdict, message parts] for every trail that the not-multi-region
# comprehension of monitoring_not_applicable does not decide. The message is the parts joined by the
# class's words (concat(what, parts)).
_mon_based := [[t, b, _mon_parts(object.get(b, "message", ""))] |
	some t in _mon_trails
	_mon_needs_base(t)
	b := _mon_base(t)
]

_mon_needs_base(t) if t.attributes.multi_region == true

_mon_needs_base(t) if {
	not t.attributes.multi_region == true
	object.get(t, "unknown", []) != []
}

_mon_parts(m) := [m] if is_string(m)

else := m

_mon_before_unknown := [x | some x in _mon_based; x[1].at == "before"; x[1].status == "unknown"]

_mon_before_na := [x | some x in _mon_based; x[1].at == "before"; x[1].status == "not_applicable"]

_mon_after_fail := [x | some x in _mon_after; x[1].status == "fail"]

_mon_after_unknown := [x | some x in _mon_after; x[1].status == "unknown"]

# _mon_verdicts lists [trail id, verdict] for the trails whose base verdict does not decide the class:
# those whose chain reaches a scanned log group, and, when some trail's chain is complete for the
# class, those stopped after the complete-chain checks. Computed once per class (OPA caches the call).
_mon_verdicts(class, what, complete) := array.concat(
	[[x[0].id, monitoring_verdict(x[0], class, what, complete)] | some x in _mon_chained],
	[[x[0].id, monitoring_verdict(x[0], class, what, complete)] | count(complete) > 0; some x in _mon_after],
)

_mon_chained := [x | some x in _mon_based; x[1].at == "chain"]

_mon_after := [x | some x in _mon_based; x[1].at == "after"]

# cloudtrail_log_group is true when a CloudTrail trail delivers its events to log group g.
cloudtrail_log_group(g) if _mon_trail_refs[g.id]

cloudtrail_log_group(g) if {
	some ref in _mon_trail_refs
	_mon_names_group(ref, g)
}

_mon_trail_refs := {_mon_group_ref(t) | some t in _mon_trails}

# cloudtrail_log_group_unknown is true when a trail's log group is unknown: it may be g.
cloudtrail_log_group_unknown if {
	some t in _mon_trails
	is_unknown(t, "cloudwatch_logs_group_arn")
}
