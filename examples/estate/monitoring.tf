# Monitoring part of the mixed estate: CloudTrail delivered to CloudWatch Logs, the CIS monitoring metric
# filters and alarms (MON.*), log group retention and encryption (LOGS.*), alarm actions (CW.1) and GuardDuty
# (GD.*). `# expect:` marks what fails, `# expect-unknown:` what cannot be judged from Terraform alone.
#
# Terraform shows the monitoring chain where it is written here; it cannot show that a filter or an alarm is
# absent from the account (another configuration may manage it), so the classes without a complete chain on
# the main trail are unknown, not failed.

provider "aws" {
  region = "eu-west-1"
}

resource "aws_kms_key" "logs" {
  description         = "CloudTrail and CloudWatch Logs"
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" { # expect-unknown: MON.1,MON.2,MON.5,MON.6,MON.7,MON.8,MON.9,MON.10,MON.11,MON.12,MON.13,MON.14,MON.15
  name                       = "org-audit"
  s3_bucket_name             = "example-audit-trail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.logs.arn
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::123456789012:role/cloudtrail-to-cloudwatch"
}

# A multi-region trail that reaches no log group: nothing watches its events through it (CT.4). Root usage
# and IAM policy changes are monitored through the main trail, so those two rules leave this one aside; for
# the other classes a trail outside this configuration may monitor the account: unknown.
resource "aws_cloudtrail" "archive" { # expect: CT.4 # expect-unknown: MON.1,MON.2,MON.5,MON.6,MON.7,MON.8,MON.9,MON.10,MON.11,MON.12,MON.13,MON.14,MON.15
  name                       = "archive"
  s3_bucket_name             = "example-archive-trail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.logs.arn
}

# A regional trail for a team's debugging, sent to a log group kept a month.
resource "aws_cloudtrail" "team" { # expect: CT.1
  name                       = "team-debug"
  s3_bucket_name             = "example-team-trail-logs"
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.logs.arn
  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:team-trail:*"
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "cloudtrail/org-audit"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "team_trail" { # expect: LOGS.1
  name              = "team-trail"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "app" { # expect: LOGS.2,LOGS.3
  name = "app/orders"
}

resource "aws_sns_topic" "security" { # expect: SNS.1,SNS.3,SNS.4
  name = "security-alerts"
}

resource "aws_sns_topic_subscription" "oncall" {
  topic_arn = aws_sns_topic.security.arn
  protocol  = "email"
  endpoint  = "security-oncall@example.com"
}

resource "aws_sns_topic" "unread" { # expect: SNS.1,SNS.3,SNS.4
  name = "unread-alerts"
}

# CIS 5.3 as the benchmark writes it.
resource "aws_cloudwatch_log_metric_filter" "root_usage" {
  name           = "root-usage"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"

  metric_transformation {
    name      = "RootUsage"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

# CIS 5.4 written another way: the events grouped with wildcards. It matches every policy call the
# benchmark lists and no read.
resource "aws_cloudwatch_log_metric_filter" "iam_policy_changes" {
  name           = "iam-policy-changes"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.eventSource = \"iam.amazonaws.com\" && ($.eventName = \"Put*Policy\" || $.eventName = \"Delete*Policy\" || $.eventName = \"Delete*PolicyVersion\" || $.eventName = \"CreatePolicy*\" || $.eventName = \"Attach*Policy\" || $.eventName = \"Detach*Policy\") }"

  metric_transformation {
    name      = "IAMPolicyChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

# CIS 5.5 with an alarm whose topic nobody subscribes to: no complete chain in this configuration.
resource "aws_cloudwatch_log_metric_filter" "trail_changes" {
  name           = "cloudtrail-changes"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"

  metric_transformation {
    name      = "CloudTrailChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "root_usage" {
  alarm_name          = "cis-root-usage"
  metric_name         = "RootUsage"
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.security.arn]
}

resource "aws_cloudwatch_metric_alarm" "iam_policy_changes" {
  alarm_name          = "cis-iam-policy-changes"
  metric_name         = "IAMPolicyChanges"
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.security.arn]
}

resource "aws_cloudwatch_metric_alarm" "trail_changes" {
  alarm_name          = "cis-cloudtrail-changes"
  metric_name         = "CloudTrailChanges"
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.unread.arn]
}

resource "aws_cloudwatch_metric_alarm" "silenced" { # expect: CW.1
  alarm_name          = "orders-5xx"
  metric_name         = "5XXError"
  namespace           = "AWS/ApiGateway"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  actions_enabled     = false
  alarm_actions       = [aws_sns_topic.security.arn]
}

resource "aws_guardduty_detector" "main" { # expect: GD.7 # expect-unknown: GD.5,GD.6,GD.8
  enable                       = true
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}

resource "aws_guardduty_detector_feature" "s3" {
  detector_id = aws_guardduty_detector.main.id
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}

resource "aws_guardduty_detector_feature" "rds" {
  detector_id = aws_guardduty_detector.main.id
  name        = "RDS_LOGIN_EVENTS"
  status      = "DISABLED"
}

# A detector left suspended in a second region.
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_guardduty_detector" "us" { # expect: GD.2,GD.3 # expect-unknown: GD.4,GD.5,GD.6,GD.7,GD.8
  provider = aws.us
  enable   = false
}
