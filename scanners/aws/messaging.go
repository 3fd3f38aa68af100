package aws

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "sns", Collect: collectSNS})
	register(ServiceCollector{Service: "sqs", Collect: collectSQS})
	register(ServiceCollector{Service: "secretsmanager", Collect: collectSecretsManager})
}

// storeResourcePolicy stores a resource policy returned as JSON text: null when the resource has none,
// unknown when it cannot be parsed.
func storeResourcePolicy(r *inventory.Resource, path, raw string) {
	if strings.TrimSpace(raw) == "" {
		storeAttr(r, path, nil)
		return
	}
	doc, err := parsePolicyDocument(raw)
	if err != nil {
		storeUnknown(r, path)
		return
	}
	storeAttr(r, path, doc)
}

// collectSNS reads every topic of the session's region with its attributes (KMS key, access policy).
func collectSNS(ctx context.Context, sess *Session, sink *Sink) {
	c := sns.NewFromConfig(sess.Cfg)
	var arns []string
	p := sns.NewListTopicsPaginator(c, &sns.ListTopicsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "sns", "ListTopics", err)
			break
		}
		for _, t := range page.Topics {
			arns = append(arns, aws.ToString(t.TopicArn))
		}
	}
	forEach(perResourceCalls, arns, func(_ int, arn string) {
		name := arn[strings.LastIndexByte(arn, ':')+1:]
		r := sink.NewResource(sess, arn, inventory.TypeSNSTopic, name, "sns:GetTopicAttributes")
		storeAttr(&r, "name", name)
		out, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
		var gone *snstypes.NotFoundException
		switch {
		case errors.As(err, &gone):
			return // deleted since ListTopics
		case err != nil:
			sink.Fail(sess, "sns", "GetTopicAttributes", err)
			storeUnknown(&r, "kms_master_key_id")
			storeUnknown(&r, "policy")
		default:
			storeAttr(&r, "kms_master_key_id", nullString(aws.String(out.Attributes["KmsMasterKeyId"])))
			storeResourcePolicy(&r, "policy", out.Attributes["Policy"])
		}
		sink.Add(r)
	})
}

// collectSQS reads every queue of the session's region with all its attributes.
func collectSQS(ctx context.Context, sess *Session, sink *Sink) {
	c := sqs.NewFromConfig(sess.Cfg)
	var urls []string
	p := sqs.NewListQueuesPaginator(c, &sqs.ListQueuesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "sqs", "ListQueues", err)
			break
		}
		urls = append(urls, page.QueueUrls...)
	}
	forEach(perResourceCalls, urls, func(_ int, url string) {
		name := url[strings.LastIndexByte(url, '/')+1:]
		out, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
		var gone *sqstypes.QueueDoesNotExist
		if errors.As(err, &gone) {
			return // deleted since ListQueues
		}
		arn := sess.ARN("sqs", sess.Region, name)
		if err == nil && out.Attributes["QueueArn"] != "" {
			arn = out.Attributes["QueueArn"]
		}
		r := sink.NewResource(sess, arn, inventory.TypeSQSQueue, name, "sqs:GetQueueAttributes")
		storeAttr(&r, "name", name)
		if err != nil {
			sink.Fail(sess, "sqs", "GetQueueAttributes", err)
			for _, p := range []string{"kms_master_key_id", "sqs_managed_sse_enabled", "policy"} {
				storeUnknown(&r, p)
			}
			sink.Add(r)
			return
		}
		storeAttr(&r, "kms_master_key_id", nullString(aws.String(out.Attributes["KmsMasterKeyId"])))
		switch v := out.Attributes["SqsManagedSseEnabled"]; v {
		case "true", "false":
			storeAttr(&r, "sqs_managed_sse_enabled", v == "true")
		default:
			storeUnknown(&r, "sqs_managed_sse_enabled")
		}
		storeResourcePolicy(&r, "policy", out.Attributes["Policy"])
		sink.Add(r)
	})
}

// collectSecretsManager reads every secret of the session's region (ListSecrets carries its key,
// rotation, dates and tags) and its resource policy. The secret's value is never read.
func collectSecretsManager(ctx context.Context, sess *Session, sink *Sink) {
	c := secretsmanager.NewFromConfig(sess.Cfg)
	var secrets []smtypes.SecretListEntry
	p := secretsmanager.NewListSecretsPaginator(c, &secretsmanager.ListSecretsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "secretsmanager", "ListSecrets", err)
			break
		}
		secrets = append(secrets, page.SecretList...)
	}
	forEach(perResourceCalls, secrets, func(_ int, s smtypes.SecretListEntry) {
		name := aws.ToString(s.Name)
		r := sink.NewResource(sess, aws.ToString(s.ARN), inventory.TypeSecretsManagerSecret, name, "secretsmanager:ListSecrets")
		for _, t := range s.Tags {
			r.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		storeAttr(&r, "name", name)
		storeAttr(&r, "kms_key_id", nullString(s.KmsKeyId))
		storeAttr(&r, "rotation.enabled", aws.ToBool(s.RotationEnabled))
		days, schedule := any(nil), any(nil)
		if s.RotationRules != nil {
			if s.RotationRules.AutomaticallyAfterDays != nil && *s.RotationRules.AutomaticallyAfterDays > 0 {
				days = *s.RotationRules.AutomaticallyAfterDays
			}
			schedule = nullString(s.RotationRules.ScheduleExpression)
		}
		storeAttr(&r, "rotation.automatically_after_days", days)
		storeAttr(&r, "rotation.schedule_expression", schedule)
		collected := *r.Source.CollectedAt
		storeAttr(&r, "days_since_last_accessed", daysSince(s.LastAccessedDate, collected))
		if s.CreatedDate == nil {
			storeUnknown(&r, "days_since_created")
		} else {
			storeAttr(&r, "days_since_created", daysSince(s.CreatedDate, collected))
		}
		out, err := c.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: s.ARN})
		var gone *smtypes.ResourceNotFoundException
		switch {
		case errors.As(err, &gone):
			return // deleted since ListSecrets
		case err != nil:
			sink.Fail(sess, "secretsmanager", "GetResourcePolicy", err)
			storeUnknown(&r, "policy")
		default:
			storeResourcePolicy(&r, "policy", aws.ToString(out.ResourcePolicy))
		}
		sink.Add(r)
	})
}

// daysSince is the number of whole days from t to now (null when t is nil, never negative).
func daysSince(t *time.Time, now time.Time) any {
	if t == nil {
		return nil
	}
	d := int64(now.Sub(*t) / (24 * time.Hour))
	return max(d, 0)
}
