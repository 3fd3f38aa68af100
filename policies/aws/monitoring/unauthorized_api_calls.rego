# METADATA
# title: Unauthorized API calls are monitored
# description: >-
#   A multi-region CloudTrail trail delivers its events to a CloudWatch Logs group that has a metric filter
#   recognising calls refused with an UnauthorizedOperation or AccessDenied error code, which show probing or
#   misconfigured automation, with an alarm on the filter's metric that notifies an SNS topic with a
#   subscriber (CIS AWS Foundations v6.0.0, 5.1). The pattern is judged by the events it matches
#   (docs/inventory.md, event classes), not by its text. A trail that is not multi-region, or of an account
#   where another trail's chain is complete, is not applicable. Terraform and plan JSON show a chain, not its
#   absence from the account (another trail, filter or alarm may be managed elsewhere): a missing link is
#   unknown there. A live trail fails when a link is missing (not logging, no log group, filter, alarm or
#   subscriber) and every region's trails, and the log group region's alarms, were listed.
# custom:
#   id: MON.1
#   severity: medium
#   resource_types: [aws.cloudtrail.trail]
#   reads: [aws.logs.log_group, aws.cloudwatch.metric_alarm, aws.account]
#   controls:
#     iso27001-2022: ["8.16"]
#     nist-800-53-r5: ["AU-6", "SI-4"]
#     nist-csf-2.0: ["DE.CM-03"]
#     cis-aws-foundations-6.0: ["5.1"]
#     soc2-tsc-2017: ["CC7.2"]
#     hipaa-security-rule: ["164.308(a)(1)(ii)(D)"]
#   remediation: >-
#     Send the trail to a log group (cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
#     with cloud_watch_logs_role_arn), add an aws_cloudwatch_log_metric_filter on that group with the CIS 5.1
#     pattern, an aws_cloudwatch_metric_alarm on its metric_transformation (threshold 1, alarm_actions the
#     topic) and an aws_sns_topic_subscription to the aws_sns_topic.
package vigil.aws.monitoring.unauthorized_api_calls

import data.vigil.lib

class := "unauthorized_api_calls"

what := "unauthorized API calls"

deny contains result if some result in lib.monitoring_deny(class, what)

unknown contains result if some result in lib.monitoring_unknown(class, what)

not_applicable contains result if some result in lib.monitoring_not_applicable(class, what)
