package aws

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "dynamodb", Collect: collectDynamoDB})
}

// collectDynamoDB reads every table of the session's region: its description, continuous backups
// (point-in-time recovery) and tags.
func collectDynamoDB(ctx context.Context, sess *Session, sink *Sink) {
	c := dynamodb.NewFromConfig(sess.Cfg)
	var names []string
	p := dynamodb.NewListTablesPaginator(c, &dynamodb.ListTablesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "dynamodb", "ListTables", err)
			break
		}
		names = append(names, page.TableNames...)
	}
	keys := &ddbKeyManagers{kms: kms.NewFromConfig(sess.Cfg), byARN: map[string]*ddbKeyManager{}}
	forEach(perResourceCalls, names, func(_ int, name string) {
		if r, ok := ddbTable(ctx, c, keys, sess, sink, name); ok {
			sink.Add(r)
		}
	})
}

// ddbTable reads one table. ok is false when the table no longer exists.
func ddbTable(ctx context.Context, c *dynamodb.Client, keys *ddbKeyManagers, sess *Session, sink *Sink,
	name string) (r inventory.Resource, ok bool) {
	out, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	var notFound *ddbtypes.ResourceNotFoundException
	if errors.As(err, &notFound) {
		return r, false // deleted since ListTables
	}
	arn := sess.ARN("dynamodb", sess.Region, "table/"+name)
	if err == nil && out.Table != nil && aws.ToString(out.Table.TableArn) != "" {
		arn = aws.ToString(out.Table.TableArn)
	}
	r = sink.NewResource(sess, arn, inventory.TypeDynamoDBTable, name, "dynamodb:DescribeTable")
	storeAttr(&r, "name", name)
	if err != nil || out.Table == nil {
		if err == nil {
			err = errors.New("describe table " + name + ": empty response")
		}
		sink.Fail(sess, "dynamodb", "DescribeTable", err)
		for _, p := range []string{"billing_mode", "deletion_protection", "server_side_encryption"} {
			storeUnknown(&r, p)
		}
	} else {
		t := out.Table
		// Tables that were always provisioned may carry no billing mode summary.
		mode := "PROVISIONED"
		if t.BillingModeSummary != nil && t.BillingModeSummary.BillingMode != "" {
			mode = string(t.BillingModeSummary.BillingMode)
		}
		storeAttr(&r, "billing_mode", mode)
		storeAttr(&r, "deletion_protection", aws.ToBool(t.DeletionProtectionEnabled))
		ddbEncryption(ctx, keys, sess, sink, &r, t.SSEDescription)
	}

	cb, err := c.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
	switch {
	case err != nil:
		sink.Fail(sess, "dynamodb", "DescribeContinuousBackups", err)
		storeUnknown(&r, "point_in_time_recovery")
	case cb.ContinuousBackupsDescription == nil:
		storeUnknown(&r, "point_in_time_recovery")
	default:
		pitr := cb.ContinuousBackupsDescription.PointInTimeRecoveryDescription
		if pitr == nil {
			pitr = &ddbtypes.PointInTimeRecoveryDescription{PointInTimeRecoveryStatus: ddbtypes.PointInTimeRecoveryStatusDisabled}
		}
		storeAttr(&r, "point_in_time_recovery.enabled",
			pitr.PointInTimeRecoveryStatus == ddbtypes.PointInTimeRecoveryStatusEnabled)
		storeAttr(&r, "point_in_time_recovery.earliest_restorable_time", nullTime(pitr.EarliestRestorableDateTime))
		storeAttr(&r, "point_in_time_recovery.latest_restorable_time", nullTime(pitr.LatestRestorableDateTime))
	}

	tags := map[string]string{}
	in := &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn)}
	for {
		page, err := c.ListTagsOfResource(ctx, in)
		if err != nil {
			sink.Fail(sess, "dynamodb", "ListTagsOfResource", err)
			r.MarkUnknown("tags")
			break
		}
		for _, t := range page.Tags {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		if aws.ToString(page.NextToken) == "" {
			break
		}
		in.NextToken = page.NextToken
	}
	r.Tags = tags
	return r, true
}

// ddbEncryption maps the table's SSE description. No description means the AWS-owned key (enabled
// false); a KMS key is enabled, and kms_key_arn names it when it is a customer managed key (null for the
// AWS managed key aws/dynamodb, which DescribeKey tells apart).
func ddbEncryption(ctx context.Context, keys *ddbKeyManagers, sess *Session, sink *Sink, r *inventory.Resource,
	sse *ddbtypes.SSEDescription) {
	kmsKey := sse != nil && (sse.SSEType == ddbtypes.SSETypeKms || aws.ToString(sse.KMSMasterKeyArn) != "")
	if !kmsKey || (sse.Status != ddbtypes.SSEStatusEnabled && sse.Status != ddbtypes.SSEStatusUpdating) {
		storeAttr(r, "server_side_encryption.enabled", false)
		storeAttr(r, "server_side_encryption.kms_key_arn", nil)
		return
	}
	storeAttr(r, "server_side_encryption.enabled", true)
	arn := aws.ToString(sse.KMSMasterKeyArn)
	if arn == "" {
		storeUnknown(r, "server_side_encryption.kms_key_arn")
		return
	}
	manager, err := keys.manager(ctx, arn)
	switch {
	case err != nil:
		sink.Fail(sess, "kms", "DescribeKey", err)
		storeUnknown(r, "server_side_encryption.kms_key_arn")
	case manager == kmstypes.KeyManagerTypeCustomer:
		storeAttr(r, "server_side_encryption.kms_key_arn", arn)
	case manager == kmstypes.KeyManagerTypeAws:
		storeAttr(r, "server_side_encryption.kms_key_arn", nil)
	default:
		storeUnknown(r, "server_side_encryption.kms_key_arn")
	}
}

// ddbKeyManagers asks KMS once per key whether AWS or the customer manages it: tables often share a key.
type ddbKeyManagers struct {
	kms   *kms.Client
	mu    sync.Mutex
	byARN map[string]*ddbKeyManager
}

type ddbKeyManager struct {
	once    sync.Once
	manager kmstypes.KeyManagerType
	err     error
}

func (k *ddbKeyManagers) manager(ctx context.Context, arn string) (kmstypes.KeyManagerType, error) {
	k.mu.Lock()
	m := k.byARN[arn]
	if m == nil {
		m = &ddbKeyManager{}
		k.byARN[arn] = m
	}
	k.mu.Unlock()
	m.once.Do(func() {
		out, err := k.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(arn)})
		switch {
		case err != nil:
			m.err = err
		case out.KeyMetadata == nil:
			m.err = errors.New("describe key " + arn + ": no key metadata")
		default:
			m.manager = out.KeyMetadata.KeyManager
		}
	})
	return m.manager, m.err
}
