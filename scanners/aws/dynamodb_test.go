package aws

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// ddbFor matches a DynamoDB (or KMS) JSON operation whose request names table (TableName, or the
// table's ARN as ResourceArn; KeyId for KMS).
func ddbFor(service, action, name string) awstest.Matcher {
	return func(_ *http.Request, op awstest.Op, body []byte) bool {
		if op.Service != service || op.Action != action {
			return false
		}
		var req struct{ TableName, ResourceArn, KeyId string }
		_ = json.Unmarshal(body, &req)
		return req.TableName == name || req.ResourceArn == name || req.KeyId == name
	}
}

// ddbJSON answers the requests of a DynamoDB (JSON 1.0) or KMS (JSON 1.1) operation that name one
// table or key with body.
func ddbJSON(srv *awstest.Server, service, action, name, body string) {
	ct := "application/x-amz-json-1.0"
	if service == "kms" {
		ct = "application/x-amz-json-1.1"
	}
	srv.Respond(ddbFor(service, action, name), http.StatusOK, ct, body)
}

const (
	ddbCustKey = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-cust"
	ddbAWSKey  = "arn:aws:kms:eu-west-1:123456789012:key/9a8b7c6d-aws"
)

func ddbARN(name string) string { return "arn:aws:dynamodb:eu-west-1:123456789012:table/" + name }

// ddbDescribe is a DescribeTable answer in DynamoDB's wire format.
func ddbDescribe(name, arn, extra string) string {
	return `{"Table":{"TableName":"` + name + `","TableArn":"` + arn + `","TableStatus":"ACTIVE","TableId":"e1f2",` +
		`"CreationDateTime":1767225600.0,"ItemCount":0,"TableSizeBytes":0,` +
		`"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}]` +
		extra + `}}`
}

func ddbCreate(t *testing.T, c *dynamodb.Client, name string, in *dynamodb.CreateTableInput) {
	t.Helper()
	in.TableName = aws.String(name)
	in.AttributeDefinitions = []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}}
	in.KeySchema = []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}}
	if in.BillingMode == ddbtypes.BillingModeProvisioned {
		in.ProvisionedThroughput = &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)}
	}
	_, err := c.CreateTable(context.Background(), in)
	require.NoError(t, err)
}

func TestDynamoDBTablesEncryptionPITRAndTags(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	c := dynamodb.NewFromConfig(sess.Cfg)
	audit, orders, events := storeUnique("audit"), storeUnique("orders"), storeUnique("events")
	for _, name := range []string{audit, orders} {
		ddbCreate(t, c, name, &dynamodb.CreateTableInput{BillingMode: ddbtypes.BillingModePayPerRequest})
	}
	ddbCreate(t, c, events, &dynamodb.CreateTableInput{BillingMode: ddbtypes.BillingModeProvisioned,
		Tags: []ddbtypes.Tag{{Key: aws.String("app"), Value: aws.String("stream")}}})

	// Two pages of table names (kumo would answer in one).
	srv.Handle(awstest.Action("dynamodb", "ListTables"), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		var req struct{ ExclusiveStartTableName string }
		_ = json.Unmarshal(body, &req)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		if req.ExclusiveStartTableName == "" {
			_, _ = io.WriteString(w, `{"TableNames":["`+audit+`","`+events+`"],"LastEvaluatedTableName":"`+events+`"}`)
			return
		}
		assert.Equal(t, events, req.ExclusiveStartTableName)
		_, _ = io.WriteString(w, `{"TableNames":["`+orders+`"]}`)
	})
	// kumo keeps no SSE settings, reports PITR disabled, and names tables in its own account: the
	// customer-key and AWS-managed-key tables are answered in AWS's format.
	ddbJSON(srv, "dynamodb", "DescribeTable", orders, ddbDescribe(orders, ddbARN(orders),
		`,"BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST","LastUpdateToPayPerRequestDateTime":1767225600.0},"DeletionProtectionEnabled":true,`+
			`"SSEDescription":{"Status":"ENABLED","SSEType":"KMS","KMSMasterKeyArn":"`+ddbCustKey+`"}`))
	ddbJSON(srv, "dynamodb", "DescribeTable", audit, ddbDescribe(audit, ddbARN(audit),
		`,"SSEDescription":{"Status":"ENABLED","SSEType":"KMS","KMSMasterKeyArn":"`+ddbAWSKey+`"}`))
	ddbJSON(srv, "dynamodb", "DescribeContinuousBackups", orders, `{"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED",`+
		`"PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"ENABLED","RecoveryPeriodInDays":35,`+
		`"EarliestRestorableDateTime":1769904000.0,"LatestRestorableDateTime":1772366100.0}}}`)
	srv.Handle(ddbFor("dynamodb", "ListTagsOfResource", ddbARN(orders)), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		var req struct{ NextToken string }
		_ = json.Unmarshal(body, &req)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		if req.NextToken == "" {
			_, _ = io.WriteString(w, `{"Tags":[{"Key":"app","Value":"shop"}],"NextToken":"t2"}`)
			return
		}
		_, _ = io.WriteString(w, `{"Tags":[{"Key":"dr-tier","Value":"critical"}]}`)
	})
	ddbJSON(srv, "dynamodb", "ListTagsOfResource", ddbARN(audit), `{"Tags":[]}`)
	ddbJSON(srv, "kms", "DescribeKey", ddbCustKey, `{"KeyMetadata":{"AWSAccountId":"123456789012","KeyId":"0f1e2d3c-cust",`+
		`"Arn":"`+ddbCustKey+`","KeyManager":"CUSTOMER","KeyState":"Enabled","KeySpec":"SYMMETRIC_DEFAULT","KeyUsage":"ENCRYPT_DECRYPT","Enabled":true}}`)
	ddbJSON(srv, "kms", "DescribeKey", ddbAWSKey, `{"KeyMetadata":{"AWSAccountId":"123456789012","KeyId":"9a8b7c6d-aws",`+
		`"Arn":"`+ddbAWSKey+`","KeyManager":"AWS","KeyState":"Enabled","Description":"Default key that protects my DynamoDB data when no other key is defined","Enabled":true}}`)

	sink := storeCollect(sess, collectDynamoDB)
	assert.Empty(t, sink.Issues(storeAccount, "eu-west-1"))
	calls := srv.Calls()
	assert.Equal(t, 2, calls[awstest.Op{Service: "dynamodb", Action: "ListTables"}])
	assert.Equal(t, 2, calls[awstest.Op{Service: "kms", Action: "DescribeKey"}])

	tables := storeByID(t, sink, inventory.TypeDynamoDBTable)
	require.Len(t, tables, 3)
	o := tables[ddbARN(orders)]
	assert.Equal(t, orders, o.Name)
	assert.Equal(t, "dynamodb:DescribeTable", o.Source.API)
	assert.Equal(t, map[string]string{"app": "shop", "dr-tier": "critical"}, o.Tags)
	assert.Equal(t, map[string]any{
		"name": orders, "billing_mode": "PAY_PER_REQUEST", "deletion_protection": true,
		"server_side_encryption": map[string]any{"enabled": true, "kms_key_arn": ddbCustKey},
		"point_in_time_recovery": map[string]any{"enabled": true,
			"earliest_restorable_time": "2026-02-01T00:00:00Z", "latest_restorable_time": "2026-03-01T11:55:00Z"},
	}, o.Attributes)
	assert.Empty(t, o.Unknown)

	// The AWS-managed key aws/dynamodb: KMS encryption, no customer key.
	a := tables[ddbARN(audit)]
	assert.Equal(t, map[string]any{"enabled": true, "kms_key_arn": nil}, a.Attributes["server_side_encryption"])
	// No billing mode summary: a table that was always provisioned.
	assert.Equal(t, "PROVISIONED", a.Attributes["billing_mode"])
	assert.Equal(t, false, a.Attributes["deletion_protection"])

	// kumo's table: no SSE description is the AWS-owned key; PITR disabled; tags from kumo.
	var e inventory.Resource
	for _, r := range tables {
		if r.Name == events {
			e = r
		}
	}
	require.NotEmpty(t, e.ID)
	assert.Equal(t, map[string]any{
		"name": events, "billing_mode": "PROVISIONED", "deletion_protection": false,
		"server_side_encryption": map[string]any{"enabled": false, "kms_key_arn": nil},
		"point_in_time_recovery": map[string]any{"enabled": false, "earliest_restorable_time": nil, "latest_restorable_time": nil},
	}, e.Attributes)
	assert.Equal(t, map[string]string{"app": "stream"}, e.Tags)
}

func TestDynamoDBAccessDeniedAndThrottling(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	c := dynamodb.NewFromConfig(sess.Cfg)
	events, locked, orders := storeUnique("events"), storeUnique("locked"), storeUnique("orders")
	ddbCreate(t, c, events, &dynamodb.CreateTableInput{BillingMode: ddbtypes.BillingModePayPerRequest})
	ddbCreate(t, c, locked, &dynamodb.CreateTableInput{BillingMode: ddbtypes.BillingModePayPerRequest})

	ddbJSON(srv, "dynamodb", "DescribeTable", orders, ddbDescribe(orders, ddbARN(orders),
		`,"SSEDescription":{"Status":"ENABLED","SSEType":"KMS","KMSMasterKeyArn":"`+ddbCustKey+`"}`))
	srv.Respond(awstest.Action("dynamodb", "ListTables"), http.StatusOK, "application/x-amz-json-1.0",
		`{"TableNames":["`+events+`","`+locked+`","`+orders+`"]}`)
	// events: DescribeTable throttled twice, then kumo answers. locked: DescribeTable denied.
	// Every table: PITR and tags denied. orders: its key cannot be described.
	srv.DenyJSON(storeFirstCalls(ddbFor("dynamodb", "DescribeTable", events), 2), "ThrottlingException", http.StatusBadRequest)
	srv.DenyJSON(ddbFor("dynamodb", "DescribeTable", locked), "AccessDeniedException", http.StatusBadRequest)
	srv.DenyJSON(awstest.Action("dynamodb", "DescribeContinuousBackups"), "AccessDeniedException", http.StatusBadRequest)
	srv.DenyJSON(awstest.Action("dynamodb", "ListTagsOfResource"), "AccessDeniedException", http.StatusBadRequest)
	srv.DenyJSON(awstest.Action("kms", "DescribeKey"), "AccessDeniedException", http.StatusBadRequest)

	sink := storeCollect(sess, collectDynamoDB)
	tables := storeByID(t, sink, inventory.TypeDynamoDBTable)
	require.Len(t, tables, 3)
	byName := map[string]inventory.Resource{}
	for _, r := range tables {
		byName[r.Name] = r
	}

	e := byName[events]
	assert.Equal(t, "PAY_PER_REQUEST", e.Attributes["billing_mode"])
	storeAssertUnknown(t, e, "point_in_time_recovery", "point_in_time_recovery.enabled")
	assert.True(t, e.IsUnknown("tags"))
	assert.Equal(t, map[string]string{}, e.Tags)

	l := byName[locked]
	assert.Equal(t, ddbARN(locked), l.ID)
	assert.Equal(t, locked, l.Attributes["name"])
	storeAssertUnknown(t, l, "billing_mode", "deletion_protection", "server_side_encryption",
		"server_side_encryption.enabled", "point_in_time_recovery")

	o := byName[orders]
	assert.Equal(t, true, o.Attributes["server_side_encryption"].(map[string]any)["enabled"])
	storeAssertUnknown(t, o, "server_side_encryption.kms_key_arn")

	issues := map[string]int{}
	for _, is := range sink.Issues(storeAccount, "eu-west-1") {
		assert.Equal(t, CodeAccessDenied, is.Code, "%v", is)
		assert.Equal(t, "eu-west-1", is.Region)
		issues[is.Service+":"+is.API]++
	}
	assert.Equal(t, map[string]int{"dynamodb:DescribeTable": 1, "dynamodb:DescribeContinuousBackups": 3,
		"dynamodb:ListTagsOfResource": 3, "kms:DescribeKey": 1}, issues)
	// events: three attempts; locked and orders: one each.
	assert.Equal(t, 5, srv.Calls()[awstest.Op{Service: "dynamodb", Action: "DescribeTable"}])
}

func TestDynamoDBEncryptionStates(t *testing.T) {
	sess := &Session{Account: storeAccount, Partition: "aws", Region: "eu-west-1"}
	for _, c := range []struct {
		name string
		sse  *ddbtypes.SSEDescription
	}{
		{"AWS-owned key", nil},
		{"KMS being enabled", &ddbtypes.SSEDescription{Status: ddbtypes.SSEStatusEnabling, SSEType: ddbtypes.SSETypeKms,
			KMSMasterKeyArn: aws.String(ddbCustKey)}},
		{"KMS disabled", &ddbtypes.SSEDescription{Status: ddbtypes.SSEStatusDisabled, SSEType: ddbtypes.SSETypeKms}},
		{"legacy AES256", &ddbtypes.SSEDescription{Status: ddbtypes.SSEStatusEnabled, SSEType: ddbtypes.SSETypeAes256}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sink := NewSink(nil)
			r := sink.NewResource(sess, ddbARN("t"), inventory.TypeDynamoDBTable, "t", "dynamodb:DescribeTable")
			// No KMS call is needed (a nil client would panic).
			ddbEncryption(context.Background(), &ddbKeyManagers{byARN: map[string]*ddbKeyManager{}}, sess, sink, &r, c.sse)
			assert.Equal(t, map[string]any{"enabled": false, "kms_key_arn": nil}, r.Attributes["server_side_encryption"])
			assert.Empty(t, r.Unknown)
		})
	}
}
