package aws

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// kumo emulates CloudWatch Logs groups, CloudWatch alarms, SNS and CloudTrail, but neither
// DescribeMetricFilters nor GuardDuty: those are answered here in AWS's wire format (CloudWatch Logs API
// Reference, DescribeMetricFilters; GuardDuty API Reference, ListDetectors and GetDetector).

const (
	monRegion   = "eu-west-1"
	monGroup    = "vigil-mon-cloudtrail"
	monGroupARN = "arn:aws:logs:eu-west-1:123456789012:log-group:" + monGroup
	monTrail    = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/vigil-mon-trail"
	rootFilter  = `{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }`
)

var (
	listDetectors = awstest.REST("guardduty", http.MethodGet, "/detector", "")
	getDetector   = func(id string) awstest.Matcher {
		return func(r *http.Request, op awstest.Op, _ []byte) bool {
			return op.Service == "guardduty" && r.Method == http.MethodGet && r.URL.Path == "/detector/"+id
		}
	}
)

func answerJSON(srv *awstest.Server, m awstest.Matcher, body string) {
	srv.Handle(m, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
}

// monitoringFixture creates, in the emulator, a log group kept 365 days, an SNS topic with one subscription and an alarm on the root usage metric; it answers
// DescribeMetricFilters with a root usage filter (CIS 5.3) and an application filter on that group, and GuardDuty
// with one enabled detector whose S3 protection is on and RDS protection off.
func monitoringFixture(t *testing.T) (*awstest.Server, *Session) {
	t.Helper()
	ctx := context.Background()
	srv := awstest.New(t)
	sess := govSession(t, srv, monRegion)

	logs := cloudwatchlogs.NewFromConfig(sess.Cfg)
	_, err := logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(monGroup)})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(monGroup)})
	})
	_, err = logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(monGroup), RetentionInDays: aws.Int32(365)})
	require.NoError(t, err)
	govJSONAnswer(srv, "logs", "DescribeMetricFilters", func(map[string]any) string {
		return `{"metricFilters":[` +
			`{"filterName":"root-usage","logGroupName":"` + monGroup + `","filterPattern":"` + rootFilter + `",` +
			`"metricTransformations":[{"metricName":"VigilMonRootUsage","metricNamespace":"CISBenchmark","metricValue":"1"}]},` +
			`{"filterName":"errors","logGroupName":"` + monGroup + `","filterPattern":"{ $.level = \"ERROR\" }",` +
			`"metricTransformations":[{"metricName":"Errors","metricNamespace":"App","metricValue":"1"}]}]}`
	})

	topics := sns.NewFromConfig(sess.Cfg)
	topic, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("vigil-mon-security")})
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = topics.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: topic.TopicArn}) })
	_, err = topics.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
		Endpoint: aws.String("arn:aws:sqs:eu-west-1:123456789012:vigil-mon-pager")})
	require.NoError(t, err)

	cw := cloudwatch.NewFromConfig(sess.Cfg)
	_, err = cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("vigil-mon-root-usage"), MetricName: aws.String("VigilMonRootUsage"), Namespace: aws.String("CISBenchmark"),
		Statistic: cwtypes.StatisticSum, Period: aws.Int32(300), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(1),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold, AlarmActions: []string{aws.ToString(topic.TopicArn)},
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = cw.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"vigil-mon-root-usage"}})
	})

	answerJSON(srv, listDetectors, `{"detectorIds":["d-1"]}`)
	answerJSON(srv, getDetector("d-1"), `{"createdAt":"2026-01-01T00:00:00Z","serviceRole":"arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",`+
		`"status":"ENABLED","findingPublishingFrequency":"SIX_HOURS","features":[{"name":"S3_DATA_EVENTS","status":"ENABLED"},{"name":"RDS_LOGIN_EVENTS","status":"DISABLED"}],"tags":{"team":"sec"}}`)
	return srv, sess
}

func TestMonitoringCollectors(t *testing.T) {
	srv, sess := monitoringFixture(t)
	ctx := context.Background()
	sink := govSink()
	collectLogs(ctx, sess, sink)
	collectCloudWatch(ctx, sess, sink)
	collectGuardDuty(ctx, sess, sink)
	assert.Empty(t, sink.Issues(govAccount, monRegion))
	byID := govByID(t, sink)

	g, ok := byID[monGroupARN]
	require.True(t, ok, "log group collected under its ARN")
	assert.Equal(t, int64(365), g.Attributes["retention_in_days"])
	assert.Nil(t, g.Attributes["kms_key_id"])
	assert.Equal(t, []any{
		map[string]any{"name": "errors", "pattern": `{ $.level = "ERROR" }`, "metric_name": "Errors", "metric_namespace": "App",
			"event_classes": []any{}, "pattern_error": nil},
		map[string]any{"name": "root-usage", "pattern": `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
			"metric_name": "VigilMonRootUsage", "metric_namespace": "CISBenchmark", "event_classes": []any{"root_usage"}, "pattern_error": nil},
	}, g.Attributes["metric_filters"])

	var alarm inventory.Resource
	for _, r := range byID {
		if r.Type == inventory.TypeCloudWatchAlarm && r.Name == "vigil-mon-root-usage" {
			alarm = r
		}
	}
	require.Equal(t, "vigil-mon-root-usage", alarm.Name)
	assert.Equal(t, "VigilMonRootUsage", alarm.Attributes["metric_name"])
	assert.Equal(t, true, alarm.Attributes["actions_enabled"])
	actions, _ := alarm.Attributes["alarm_actions"].([]any)
	require.Len(t, actions, 1)
	assert.Equal(t, int64(1), actions[0].(map[string]any)["sns_subscriptions"])
	assert.Empty(t, alarm.Unknown)

	d := byID["arn:aws:guardduty:eu-west-1:123456789012:detector/d-1"]
	assert.Equal(t, map[string]any{"enabled": true, "finding_publishing_frequency": "SIX_HOURS", "features": map[string]any{
		"S3_DATA_EVENTS": true, "EKS_AUDIT_LOGS": false, "EBS_MALWARE_PROTECTION": false, "RDS_LOGIN_EVENTS": false, "LAMBDA_NETWORK_LOGS": false}}, d.Attributes)
	assert.Equal(t, map[string]string{"team": "sec"}, d.Tags)

	acct := byID["arn:aws:iam::123456789012:root"]
	facts := acct.Attributes["regions"].(map[string]any)[monRegion].(map[string]any)
	assert.Equal(t, true, facts["guardduty_enabled"])
	assert.GreaterOrEqual(t, facts["cloudwatch_alarms"], int64(1))
	assert.Positive(t, srv.Calls()[awstest.Op{Service: "sns", Action: "ListSubscriptionsByTopic"}])
}

// TestMonitoringRulesOnCollectedInventory evaluates the monitoring rules on what the collectors read from
// the emulated account: the trail's root usage chain is complete (MON.3 passes), its log group has no
// filter for unauthorized API calls and the alarms were listed (MON.1 fails).
func TestMonitoringRulesOnCollectedInventory(t *testing.T) {
	_, sess := monitoringFixture(t)
	ctx := context.Background()
	sink := govSink()
	collectLogs(ctx, sess, sink)
	collectCloudWatch(ctx, sess, sink)
	collectGuardDuty(ctx, sess, sink)
	inv := inventory.New()
	inv.Sources = []inventory.Source{{Kind: inventory.SourceAWS, Path: govAccount + "/" + monRegion, Errors: sink.Issues(govAccount, monRegion)}}
	// The multi-region trail that delivers to the group, as the CloudTrail collector reads it (its own
	// tests cover that; kumo gives every trail the home region us-east-1, which the collector skips here).
	sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, "regions."+monRegion+".cloudtrail_trails", int64(1)) })
	collected := govClock
	inv.Resources = append(sink.Resources(), inventory.Resource{ID: monTrail, Type: inventory.TypeCloudTrailTrail,
		Name: "vigil-mon-trail", Account: govAccount, Region: monRegion, Tags: map[string]string{},
		Attributes: map[string]any{"name": "vigil-mon-trail", "multi_region": true, "logging": true,
			"cloudwatch_logs_group_arn": monGroupARN + ":*", "s3_bucket_name": "vigil-mon-trail-logs", "log_file_validation": true,
			"kms_key_id": nil, "include_global_service_events": true},
		Source: inventory.Location{Kind: inventory.SourceAWS, API: "DescribeTrails", CollectedAt: &collected}, Unknown: []string{}})
	inv.Normalize()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)

	trail := monTrail
	detector := "arn:aws:guardduty:eu-west-1:123456789012:detector/d-1"
	want := map[[2]string]engine.Status{
		{"MON.3", trail}:                           engine.StatusPass,
		{"MON.1", trail}:                           engine.StatusFail,
		{"MON.4", trail}:                           engine.StatusFail,
		{"CT.4", trail}:                            engine.StatusPass,
		{"LOGS.1", monGroupARN}:                    engine.StatusPass,
		{"LOGS.2", monGroupARN}:                    engine.StatusPass,
		{"LOGS.3", monGroupARN}:                    engine.StatusFail,
		{"GD.2", detector}:                         engine.StatusPass,
		{"GD.3", detector}:                         engine.StatusFail,
		{"GD.4", detector}:                         engine.StatusPass,
		{"GD.7", detector}:                         engine.StatusFail,
		{"GD.1", "arn:aws:iam::123456789012:root"}: engine.StatusPass,
	}
	got := map[[2]string]engine.Status{}
	for _, r := range rep.Results {
		if _, ok := want[[2]string{r.RuleID, r.ResourceID}]; ok {
			got[[2]string{r.RuleID, r.ResourceID}] = r.Status
		}
	}
	assert.Equal(t, want, got)
}

// TestMonitoringFailedCallsAreUnknown: a call that fails leaves what it would have read unknown, with the
// failure recorded for its API and region, never a value a rule could pass or fail on.
func TestMonitoringFailedCallsAreUnknown(t *testing.T) {
	ctx := context.Background()
	srv, sess := monitoringFixture(t)
	srv.DenyJSON(awstest.Action("logs", "DescribeMetricFilters"), "AccessDeniedException", http.StatusBadRequest)
	srv.Handle(func(r *http.Request, op awstest.Op, _ []byte) bool {
		return op.Service == "sns" && op.Action == "ListSubscriptionsByTopic"
	}, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>denied</Message></Error><RequestId>r1</RequestId></ErrorResponse>`))
	})
	restJSONDenied(srv, listDetectors)
	sink := govSink()
	collectLogs(ctx, sess, sink)
	collectCloudWatch(ctx, sess, sink)
	collectGuardDuty(ctx, sess, sink)

	var apis []string
	for _, is := range sink.Issues(govAccount, monRegion) {
		apis = append(apis, is.Service+":"+is.API)
	}
	assert.ElementsMatch(t, []string{"logs:DescribeMetricFilters", "sns:ListSubscriptionsByTopic", "guardduty:ListDetectors"}, apis)
	byID := govByID(t, sink)
	assert.Equal(t, []string{"metric_filters"}, byID[monGroupARN].Unknown)
	for _, r := range byID {
		if r.Type == inventory.TypeCloudWatchAlarm && r.Name == "vigil-mon-root-usage" {
			assert.Equal(t, []string{"alarm_actions.0.sns_subscriptions"}, r.Unknown)
		}
	}
	acct := byID["arn:aws:iam::123456789012:root"]
	assert.Contains(t, acct.Unknown, "regions."+monRegion+".guardduty_enabled")

	// DescribeAlarms (CloudWatch's RPC v2 CBOR protocol) failing: the region's alarms are not listed.
	srv2 := awstest.New(t)
	sess2 := govSession(t, srv2, monRegion)
	srv2.Handle(func(r *http.Request, op awstest.Op, _ []byte) bool {
		return op.Service == "monitoring"
	}, func(w http.ResponseWriter, _ *http.Request, _ []byte) { w.WriteHeader(http.StatusForbidden) })
	sink2 := govSink()
	collectCloudWatch(ctx, sess2, sink2)
	require.Len(t, sink2.Issues(govAccount, monRegion), 1)
	assert.Equal(t, "DescribeAlarms", sink2.Issues(govAccount, monRegion)[0].API)
	acct2 := govByID(t, sink2)["arn:aws:iam::123456789012:root"]
	assert.Equal(t, []string{"regions." + monRegion + ".cloudwatch_alarms"}, acct2.Unknown)
}

func TestGuardDutyWithoutDetectorIsOff(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, monRegion)
	answerJSON(srv, listDetectors, `{"detectorIds":[]}`)
	sink := govSink()
	collectGuardDuty(context.Background(), sess, sink)
	assert.Empty(t, sink.Issues(govAccount, monRegion))
	acct := govByID(t, sink)["arn:aws:iam::123456789012:root"]
	assert.Equal(t, map[string]any{monRegion: map[string]any{"guardduty_enabled": false}}, acct.Attributes["regions"])
}

func restJSONDenied(srv *awstest.Server, m awstest.Matcher) {
	srv.Handle(m, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"__type":"AccessDeniedException","message":"not authorized"}`))
	})
}
