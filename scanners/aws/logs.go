package aws

import (
	"context"
	"errors"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/vigil-audit/vigil/internal/logfilter"
	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: logsService, Collect: collectLogs})
}

const logsService = "logs"

// collectLogs reads the region's CloudWatch Logs groups and every metric filter of the region (one
// listing, grouped by log group), classifying each filter's pattern into the CIS monitoring event classes.
func collectLogs(ctx context.Context, sess *Session, sink *Sink) {
	api := cloudwatchlogs.NewFromConfig(sess.Cfg)
	var groups []logstypes.LogGroup
	gp := cloudwatchlogs.NewDescribeLogGroupsPaginator(api, &cloudwatchlogs.DescribeLogGroupsInput{})
	for gp.HasMorePages() {
		page, err := gp.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, logsService, "DescribeLogGroups", err)
			break
		}
		groups = append(groups, page.LogGroups...)
	}
	if len(groups) == 0 {
		return
	}
	filters := map[string][]logstypes.MetricFilter{}
	filtersKnown := true
	fp := cloudwatchlogs.NewDescribeMetricFiltersPaginator(api, &cloudwatchlogs.DescribeMetricFiltersInput{})
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, logsService, "DescribeMetricFilters", err)
			filtersKnown = false
			break
		}
		for _, f := range page.MetricFilters {
			filters[aws.ToString(f.LogGroupName)] = append(filters[aws.ToString(f.LogGroupName)], f)
		}
	}
	for _, g := range groups {
		name := aws.ToString(g.LogGroupName)
		r := sink.NewResource(sess, logGroupARN(sess, g), inventory.TypeLogsLogGroup, name, "logs:DescribeLogGroups")
		storeAttr(&r, "name", name)
		if g.RetentionInDays != nil {
			storeAttr(&r, "retention_in_days", int64(*g.RetentionInDays))
		} else {
			storeAttr(&r, "retention_in_days", nil)
		}
		storeAttr(&r, "kms_key_id", nullString(g.KmsKeyId))
		if filtersKnown {
			storeAttr(&r, "metric_filters", metricFilters(filters[name]))
		} else {
			storeUnknown(&r, "metric_filters")
		}
		sink.Add(r)
	}
}

// logGroupARN is the group's ARN without the ":*" that the API's Arn carries (CloudTrail names a group
// by that form, and the rules trim it), built from the session: it is always
// arn:<partition>:logs:<region>:<account>:log-group:<name>.
func logGroupARN(sess *Session, g logstypes.LogGroup) string {
	return sess.ARN("logs", sess.Region, "log-group:"+aws.ToString(g.LogGroupName))
}

func metricFilters(fs []logstypes.MetricFilter) []any {
	sort.Slice(fs, func(i, j int) bool { return aws.ToString(fs[i].FilterName) < aws.ToString(fs[j].FilterName) })
	out := make([]any, 0, len(fs))
	for _, f := range fs {
		pattern := aws.ToString(f.FilterPattern)
		m := map[string]any{"name": nullString(f.FilterName), "pattern": pattern, "metric_name": nil, "metric_namespace": nil}
		if len(f.MetricTransformations) > 0 {
			m["metric_name"] = nullString(f.MetricTransformations[0].MetricName)
			m["metric_namespace"] = nullString(f.MetricTransformations[0].MetricNamespace)
		}
		classes, err := logfilter.Classify(pattern)
		if err != nil {
			m["event_classes"] = []any{}
			msg := err.Error()
			if errors.Is(err, logfilter.ErrUnsupported) {
				msg = "not evaluated: " + msg
			}
			m["pattern_error"] = msg
		} else {
			cs := make([]any, len(classes))
			for i, c := range classes {
				cs[i] = c
			}
			m["event_classes"] = cs
			m["pattern_error"] = nil
		}
		out = append(out, m)
	}
	return out
}
