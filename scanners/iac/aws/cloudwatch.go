package aws

import (
	"strings"

	"github.com/vigil-audit/vigil/inventory"
)

// adaptCloudWatch maps aws_cloudwatch_metric_alarm. Each alarm action that names an aws_sns_topic of the
// configuration carries the number of aws_sns_topic_subscription blocks joined to it by topic_arn; an
// SNS topic outside the configuration leaves that number unknown.
func adaptCloudWatch(ix *index) []*res {
	topics := newOwners(ix)
	for _, b := range ix.managed("aws_sns_topic") {
		r := newRes(b, "")
		name, st := getString(b, "name")
		topics.add(r, st != known, name)
	}
	topics.connect(ix.managed("aws_sns_topic_subscription"), "topic_arn", "subscriptions")

	var out []*res
	for _, b := range ix.managed("aws_cloudwatch_metric_alarm") {
		r := newRes(b, inventory.TypeCloudWatchAlarm)
		r.nameFrom("name", "alarm_name")
		r.f.str("metric_name", b, "metric_name", nil)
		r.f.str("namespace", b, "namespace", nil)
		r.f.boolean("actions_enabled", b, "actions_enabled", true)
		actions, st := getStrings(b, "alarm_actions", false)
		switch st {
		case unknown:
			r.f.setUnknown("alarm_actions")
		default:
			elems := make([]*fields, 0, len(actions))
			for _, a := range actions {
				elems = append(elems, alarmAction(topics, a))
			}
			r.f.list("alarm_actions", elems, true)
		}
		out = append(out, r)
	}
	return out
}

func alarmAction(topics *owners, action string) *fields {
	e := newFields()
	e.set("arn", topics.canonicalRef(action))
	rs, exact := topics.resolveValue(action)
	switch {
	case exact:
		t := rs[0]
		if t.tainted["subscriptions"] || anyUncertain(t.children["subscriptions"]) {
			e.setUnknown("sns_subscriptions")
		} else {
			e.set("sns_subscriptions", int64(len(t.children["subscriptions"])))
		}
	case strings.HasPrefix(action, "arn:") && !strings.Contains(action, ":sns:"),
		topics.ix.managedAt(action) != nil && topics.ix.managedAt(action).Type != "aws_sns_topic":
		e.set("sns_subscriptions", nil) // an Auto Scaling, EC2 or Systems Manager action
	default:
		// A topic of another configuration (an SNS ARN), or a reference vigil cannot follow.
		e.setUnknown("sns_subscriptions")
	}
	return e
}
