package aws

import (
	"context"
	"sort"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: cloudWatchService, Collect: collectCloudWatch})
}

const (
	cloudWatchService = "cloudwatch"
	snsService        = "sns"
)

// collectCloudWatch reads the region's metric alarms and, for each SNS topic an alarm notifies, how many
// confirmed subscriptions it has. The number of alarms listed is aws.account
// regions.<region>.cloudwatch_alarms: a rule may only conclude that no alarm exists once they were listed.
func collectCloudWatch(ctx context.Context, sess *Session, sink *Sink) {
	api := cloudwatch.NewFromConfig(sess.Cfg)
	countPath := "regions." + sess.Region + ".cloudwatch_alarms"
	var alarms []cwtypes.MetricAlarm
	p := cloudwatch.NewDescribeAlarmsPaginator(api, &cloudwatch.DescribeAlarmsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, cloudWatchService, "DescribeAlarms", err)
			sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, countPath, nil); r.MarkUnknown(countPath) })
			return
		}
		alarms = append(alarms, page.MetricAlarms...)
	}
	sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, countPath, int64(len(alarms))) })

	subs := snsSubscriptions(ctx, sess, sink, alarms)
	for _, a := range alarms {
		name := aws.ToString(a.AlarmName)
		id := aws.ToString(a.AlarmArn)
		if id == "" {
			id = sess.ARN("cloudwatch", sess.Region, "alarm:"+name)
		}
		r := sink.NewResource(sess, id, inventory.TypeCloudWatchAlarm, name, "cloudwatch:DescribeAlarms")
		storeAttr(&r, "name", name)
		storeAttr(&r, "metric_name", nullString(a.MetricName))
		storeAttr(&r, "namespace", nullString(a.Namespace))
		storeAttr(&r, "actions_enabled", a.ActionsEnabled == nil || *a.ActionsEnabled)
		actions := make([]any, len(a.AlarmActions))
		for i, target := range a.AlarmActions {
			act := map[string]any{"arn": target, "sns_subscriptions": nil}
			if isSNSTopic(target) {
				if n, ok := subs[target]; ok {
					act["sns_subscriptions"] = n
				} else {
					r.MarkUnknown("alarm_actions." + strconv.Itoa(i) + ".sns_subscriptions")
				}
			}
			actions[i] = act
		}
		storeAttr(&r, "alarm_actions", actions)
		sink.Add(r)
	}
}

func isSNSTopic(target string) bool {
	a, err := arn.Parse(target)
	return err == nil && a.Service == "sns"
}

// snsSubscriptions counts the confirmed subscriptions of every SNS topic the alarms notify, asking the
// topic's own region. A topic whose subscriptions cannot be listed is left out (unknown).
func snsSubscriptions(ctx context.Context, sess *Session, sink *Sink, alarms []cwtypes.MetricAlarm) map[string]int64 {
	seen := map[string]bool{}
	var topics []string
	for _, a := range alarms {
		for _, t := range a.AlarmActions {
			if isSNSTopic(t) && !seen[t] {
				seen[t] = true
				topics = append(topics, t)
			}
		}
	}
	sort.Strings(topics)
	var mu sync.Mutex
	out := map[string]int64{}
	forEach(perResourceCalls, topics, func(_ int, topic string) {
		region := sess.Region
		if a, err := arn.Parse(topic); err == nil && a.Region != "" {
			region = a.Region
		}
		api := sns.NewFromConfig(sess.Cfg, func(o *sns.Options) { o.Region = region })
		var n int64
		p := sns.NewListSubscriptionsByTopicPaginator(api, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				sink.Fail(sess, snsService, "ListSubscriptionsByTopic", err)
				return
			}
			for _, s := range page.Subscriptions {
				// An unconfirmed subscription delivers nothing.
				if a := aws.ToString(s.SubscriptionArn); a != "" && a != "PendingConfirmation" && a != "Deleted" {
					n++
				}
			}
		}
		mu.Lock()
		out[topic] = n
		mu.Unlock()
	})
	return out
}
