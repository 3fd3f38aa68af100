package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/scanners/iac"
)

const rootPattern = `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`

func TestLogGroupJoinsMetricFilters(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_cloudwatch_log_group.trail", m{"name": "cloudtrail", "retention_in_days": 365, "kms_key_id": "aws_kms_key.logs"}),
		mb("aws_cloudwatch_log_group.app", m{"name": "app", "retention_in_days": 0}),
		mb("aws_cloudwatch_log_metric_filter.root", m{"name": "root", "log_group_name": "cloudtrail", "pattern": rootPattern,
			"metric_transformation": l(m{"name": "RootUsage", "namespace": "CIS", "value": "1"})}),
		mb("aws_cloudwatch_log_metric_filter.terms", m{"name": "terms", "log_group_name": "aws_cloudwatch_log_group.trail", "pattern": "ERROR",
			"metric_transformation": l(m{"name": "Errors", "namespace": "App", "value": "1"})}),
	}))
	trail := resource(t, rs, "aws_cloudwatch_log_group.trail")
	assert.Equal(t, m{"name": "cloudtrail", "retention_in_days": int64(365), "kms_key_id": "aws_kms_key.logs",
		"metric_filters": l(
			m{"name": "root", "pattern": rootPattern, "metric_name": "RootUsage", "metric_namespace": "CIS",
				"event_classes": []string{"root_usage"}, "pattern_error": nil},
			m{"name": "terms", "pattern": "ERROR", "metric_name": "Errors", "metric_namespace": "App",
				"event_classes": []string{}, "pattern_error": "not evaluated: unsupported filter pattern: not a JSON pattern ({ ... })"},
		)}, trail.Attributes)
	assert.Empty(t, trail.Unknown)
	assert.Equal(t, []string{"aws_cloudwatch_log_metric_filter.root", "aws_cloudwatch_log_metric_filter.terms"}, trail.Source.Related)

	app := resource(t, rs, "aws_cloudwatch_log_group.app")
	assert.Nil(t, get(t, app, "retention_in_days"), "0 keeps events forever")
	assert.Nil(t, get(t, app, "kms_key_id"))
	assert.Equal(t, l(), get(t, app, "metric_filters"))
}

func TestLogGroupUnknowns(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_cloudwatch_log_group.a", m{"name": "a"}, "retention_in_days"),
		mb("aws_cloudwatch_log_group.b", m{"name": "b"}),
		mb("aws_cloudwatch_log_group.c", m{"name": "c"}),
		mb("aws_cloudwatch_log_metric_filter.unknown_group", m{"name": "x", "pattern": rootPattern}, "log_group_name"),
		mb("aws_cloudwatch_log_metric_filter.unknown_pattern", m{"name": "y", "log_group_name": "c"}, "pattern"),
	}))
	a := resource(t, rs, "aws_cloudwatch_log_group.a")
	assert.Equal(t, []string{"metric_filters", "retention_in_days"}, a.Unknown)
	c := resource(t, rs, "aws_cloudwatch_log_group.c")
	assert.Equal(t, []string{"metric_filters"}, c.Unknown, "the filter with an unknown group may be c's")

	rs = schemaValid(t, Adapt([]iac.Block{
		mb("aws_cloudwatch_log_group.c", m{"name": "c"}),
		mb("aws_cloudwatch_log_metric_filter.unknown_pattern", m{"name": "y", "log_group_name": "c"}, "pattern"),
	}))
	c = resource(t, rs, "aws_cloudwatch_log_group.c")
	assert.Equal(t, []string{"metric_filters.0.event_classes", "metric_filters.0.pattern", "metric_filters.0.pattern_error"}, c.Unknown)
}

func TestMetricAlarmActions(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_sns_topic.security", m{"name": "security"}),
		mb("aws_sns_topic.quiet", m{"name": "quiet"}),
		mb("aws_sns_topic_subscription.email", m{"topic_arn": "aws_sns_topic.security", "protocol": "email", "endpoint": "sec@example.com"}),
		mb("aws_sns_topic_subscription.lambda", m{"topic_arn": "aws_sns_topic.security", "protocol": "lambda"}),
		mb("aws_autoscaling_policy.up", m{"name": "up"}),
		mb("aws_cloudwatch_metric_alarm.root", m{"alarm_name": "root-usage", "metric_name": "RootUsage", "namespace": "CIS",
			"alarm_actions": l("aws_sns_topic.security", "aws_sns_topic.quiet", "arn:aws:sns:eu-west-1:111122223333:elsewhere",
				"aws_autoscaling_policy.up", "arn:aws:automate:eu-west-1:ec2:stop")}),
		mb("aws_cloudwatch_metric_alarm.off", m{"alarm_name": "off", "metric_name": "X", "namespace": "Y", "actions_enabled": false}),
		mb("aws_cloudwatch_metric_alarm.unknown", m{"alarm_name": "u"}, "alarm_actions"),
	}))
	root := resource(t, rs, "aws_cloudwatch_metric_alarm.root")
	assert.Equal(t, m{"name": "root-usage", "metric_name": "RootUsage", "namespace": "CIS", "actions_enabled": true,
		"alarm_actions": l(
			m{"arn": "aws_sns_topic.security", "sns_subscriptions": int64(2)},
			m{"arn": "aws_sns_topic.quiet", "sns_subscriptions": int64(0)},
			m{"arn": "arn:aws:sns:eu-west-1:111122223333:elsewhere", "sns_subscriptions": nil},
			m{"arn": "aws_autoscaling_policy.up", "sns_subscriptions": nil},
			m{"arn": "arn:aws:automate:eu-west-1:ec2:stop", "sns_subscriptions": nil},
		)}, root.Attributes)
	assert.Equal(t, []string{"alarm_actions.2.sns_subscriptions"}, root.Unknown, "a topic outside the configuration")
	off := resource(t, rs, "aws_cloudwatch_metric_alarm.off")
	assert.Equal(t, false, get(t, off, "actions_enabled"))
	assert.Equal(t, l(), get(t, off, "alarm_actions"))
	assert.Equal(t, []string{"alarm_actions"}, resource(t, rs, "aws_cloudwatch_metric_alarm.unknown").Unknown)
	// Subscriptions are joined into the alarm's actions, not into resources of their own; the topic is an
	// aws.sns.topic of its own (the SNS rules judge it).
	for _, r := range rs {
		assert.NotContains(t, r.ID, "aws_sns_topic_subscription.", "subscriptions are read for the join only")
	}
	assert.Equal(t, "aws.sns.topic", resource(t, rs, "aws_sns_topic.security").Type)
}

func TestGuardDutyDetector(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_guardduty_detector.legacy", m{"datasources": l(m{
			"s3_logs":    l(m{"enable": true}),
			"kubernetes": l(m{"audit_logs": l(m{"enable": false})}),
		})}),
		mb("aws_guardduty_detector.features", m{"enable": true, "finding_publishing_frequency": "FIFTEEN_MINUTES"}),
		mb("aws_guardduty_detector_feature.s3", m{"detector_id": "aws_guardduty_detector.features", "name": "S3_DATA_EVENTS", "status": "ENABLED"}),
		mb("aws_guardduty_detector_feature.rds", m{"detector_id": "aws_guardduty_detector.features", "name": "RDS_LOGIN_EVENTS", "status": "DISABLED"}),
		mb("aws_guardduty_detector.off", m{"enable": false}),
		mb("aws_guardduty_detector_feature.unknown_name", m{"detector_id": "aws_guardduty_detector.off", "status": "ENABLED"}, "name"),
	}))
	legacy := resource(t, rs, "aws_guardduty_detector.legacy")
	assert.Equal(t, true, get(t, legacy, "enabled"))
	assert.Equal(t, "SIX_HOURS", get(t, legacy, "finding_publishing_frequency"))
	assert.Equal(t, m{"S3_DATA_EVENTS": true, "EKS_AUDIT_LOGS": false, "EBS_MALWARE_PROTECTION": nil,
		"RDS_LOGIN_EVENTS": nil, "LAMBDA_NETWORK_LOGS": nil}, get(t, legacy, "features"))
	assert.Equal(t, []string{"features.EBS_MALWARE_PROTECTION", "features.LAMBDA_NETWORK_LOGS", "features.RDS_LOGIN_EVENTS"}, legacy.Unknown)

	feat := resource(t, rs, "aws_guardduty_detector.features")
	assert.Equal(t, "FIFTEEN_MINUTES", get(t, feat, "finding_publishing_frequency"))
	assert.Equal(t, true, get(t, feat, "features.S3_DATA_EVENTS"))
	assert.Equal(t, false, get(t, feat, "features.RDS_LOGIN_EVENTS"))
	assert.Contains(t, feat.Unknown, "features.EKS_AUDIT_LOGS")

	off := resource(t, rs, "aws_guardduty_detector.off")
	assert.Equal(t, false, get(t, off, "enabled"))
	assert.Len(t, off.Unknown, 5, "a feature block of unknown name may set any plan")
}
