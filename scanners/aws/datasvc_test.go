package aws

import (
	"context"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// The data-service collectors: SNS, Secrets Manager and ElastiCache replication groups are created in kumo;
// what kumo does not keep or answer (SQS's SSE-SQS flag, cache clusters, Redshift, OpenSearch) is answered
// here in AWS's wire format. Each test then evaluates the data-service rules on what was collected.

// datasvcStatuses evaluates the built-in rules on rs and returns "name RULE" → status for the rules whose
// id starts with prefix.
func datasvcStatuses(t *testing.T, rs []inventory.Resource, prefix string) map[string]string {
	t.Helper()
	inv := inventory.New()
	inv.Resources = rs
	inv.Normalize()
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range rep.Results {
		if strings.HasPrefix(r.RuleID, prefix+".") {
			out[r.ResourceName+" "+r.RuleID] = string(r.Status)
		}
	}
	return out
}

// datasvcNamed keeps the resources of typ whose name is one of names (kumo's store is shared by every test).
func datasvcNamed(t *testing.T, sink *Sink, typ string, names ...string) []inventory.Resource {
	t.Helper()
	var out []inventory.Resource
	for _, r := range storeByID(t, sink, typ) {
		for _, n := range names {
			if r.Name == n {
				out = append(out, r)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	require.Len(t, out, len(names))
	return out
}

const (
	tlsDenySNS = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sns:Publish",` +
		`"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	openSNS = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sns:Publish","Resource":"*"}]}`
	cmkARN  = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	// awsManagedKeyARN stands for aws/redshift, which DescribeClusters names by its ARN.
	awsManagedKeyARN = "arn:aws:kms:eu-west-1:123456789012:key/0000aaaa-00aa-00aa-00aa-000000aaaaaa"
)

func TestSNSTopicsFromKumo(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ctx := context.Background()
	api := sns.NewFromConfig(sess.Cfg)
	good, bad := storeUnique("orders"), storeUnique("legacy")
	for name, attrs := range map[string]map[string]string{
		good: {"KmsMasterKeyId": cmkARN, "Policy": tlsDenySNS},
		bad:  {"Policy": openSNS},
	} {
		out, err := api.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name), Attributes: attrs})
		require.NoError(t, err)
		t.Cleanup(func() { _, _ = api.DeleteTopic(context.Background(), &sns.DeleteTopicInput{TopicArn: out.TopicArn}) })
	}

	sink := storeCollect(sess, collectSNS)
	assert.Empty(t, sink.Issues(sess.Account, sess.Region))
	topics := datasvcNamed(t, sink, inventory.TypeSNSTopic, bad, good)
	assert.Equal(t, cmkARN, topics[1].Attributes["kms_master_key_id"])
	assert.Equal(t, "sns:GetTopicAttributes", topics[1].Source.API)
	assert.Nil(t, topics[0].Attributes["kms_master_key_id"])

	got := datasvcStatuses(t, topics, "SNS")
	for _, rule := range []string{"SNS.1", "SNS.2", "SNS.3", "SNS.4"} {
		assert.Equal(t, "pass", got[good+" "+rule], rule)
		assert.Equal(t, "fail", got[bad+" "+rule], rule)
	}
}

func TestSNSDeniedIsUnknownNeverPass(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ctx := context.Background()
	api := sns.NewFromConfig(sess.Cfg)
	name := storeUnique("denied")
	out, err := api.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name)})
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = api.DeleteTopic(context.Background(), &sns.DeleteTopicInput{TopicArn: out.TopicArn}) })
	srv.DenyQuery(awstest.Action("sns", "GetTopicAttributes"), "AuthorizationError")

	sink := storeCollect(sess, collectSNS)
	topic := datasvcNamed(t, sink, inventory.TypeSNSTopic, name)[0]
	storeAssertUnknown(t, topic, "kms_master_key_id", "policy")
	is := storeIssue(t, sink, sess, "GetTopicAttributes")
	assert.Equal(t, "sns", is.Service)
	assert.Equal(t, "eu-west-1", is.Region)
	for rule, status := range datasvcStatuses(t, []inventory.Resource{topic}, "SNS") {
		assert.Equal(t, "unknown", status, rule)
	}
}

// sqsReply answers an SQS operation (JSON 1.0 protocol) with body.
func sqsReply(srv *awstest.Server, action, body string) {
	srv.Respond(awstest.Action("sqs", action), http.StatusOK, "application/x-amz-json-1.0", body)
}

func TestSQSQueues(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	const base = "https://sqs.eu-west-1.amazonaws.com/123456789012/"
	sqsReply(srv, "ListQueues", `{"QueueUrls":["`+base+`orders","`+base+`legacy","`+base+`old"]}`)
	srv.Handle(awstest.Action("sqs", "GetQueueAttributes"), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		arn := func(n string) string { return `"QueueArn":"arn:aws:sqs:eu-west-1:123456789012:` + n + `"` }
		switch b := string(body); {
		case strings.Contains(b, base+"orders"):
			_, _ = io.WriteString(w, `{"Attributes":{`+arn("orders")+`,"KmsMasterKeyId":"`+cmkARN+`","SqsManagedSseEnabled":"false",`+
				`"Policy":"{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":\"*\",`+
				`\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"}}`)
		case strings.Contains(b, base+"legacy"):
			_, _ = io.WriteString(w, `{"Attributes":{`+arn("legacy")+`,"SqsManagedSseEnabled":"false",`+
				`"Policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"}}`)
		default: // a queue created before SSE-SQS existed: no such attribute
			_, _ = io.WriteString(w, `{"Attributes":{`+arn("old")+`}}`)
		}
	})

	sink := storeCollect(sess, collectSQS)
	queues := storeByID(t, sink, inventory.TypeSQSQueue)
	require.Len(t, queues, 3)
	orders := queues["arn:aws:sqs:eu-west-1:123456789012:orders"]
	assert.Equal(t, "orders", orders.Name)
	assert.Equal(t, false, orders.Attributes["sqs_managed_sse_enabled"])
	storeAssertUnknown(t, queues["arn:aws:sqs:eu-west-1:123456789012:old"], "sqs_managed_sse_enabled")

	var list []inventory.Resource
	for _, q := range queues {
		list = append(list, q)
	}
	got := datasvcStatuses(t, list, "SQS")
	assert.Equal(t, map[string]string{
		"orders SQS.1": "pass", "orders SQS.2": "pass", "orders SQS.3": "pass", "orders SQS.4": "pass",
		"legacy SQS.1": "fail", "legacy SQS.2": "fail", "legacy SQS.3": "fail", "legacy SQS.4": "fail",
		"old SQS.1": "unknown", "old SQS.2": "pass", "old SQS.3": "fail", "old SQS.4": "fail",
	}, got)
}

func TestSQSListingDenied(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	srv.Respond(awstest.Action("sqs", "ListQueues"), http.StatusBadRequest, "application/x-amz-json-1.0",
		`{"__type":"com.amazonaws.sqs#AccessDeniedException","message":"not authorized to perform: sqs:ListQueues"}`)
	sink := storeCollect(sess, collectSQS)
	assert.Empty(t, storeByID(t, sink, inventory.TypeSQSQueue))
	is := storeIssue(t, sink, sess, "ListQueues")
	assert.Equal(t, CodeAccessDenied, is.Code)
}

func TestSecretsFromKumo(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ctx := context.Background()
	api := secretsmanager.NewFromConfig(sess.Cfg)
	good, bad := storeUnique("db"), storeUnique("legacy")
	create := func(name string, key *string, policy string) *string {
		out, err := api.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), KmsKeyId: key,
			SecretString: aws.String("not-read")})
		require.NoError(t, err)
		t.Cleanup(func() {
			_, _ = api.DeleteSecret(context.Background(), &secretsmanager.DeleteSecretInput{SecretId: out.ARN,
				ForceDeleteWithoutRecovery: aws.Bool(true)})
		})
		_, err = api.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: out.ARN, ResourcePolicy: aws.String(policy)})
		require.NoError(t, err)
		return out.ARN
	}
	create(good, aws.String(cmkARN), `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app"},`+
		`"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
	create(bad, nil, `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)

	sink := storeCollect(sess, collectSecretsManager)
	assert.Empty(t, sink.Issues(sess.Account, sess.Region))
	secrets := datasvcNamed(t, sink, inventory.TypeSecretsManagerSecret, good, bad)
	db := secrets[0]
	assert.Equal(t, cmkARN, db.Attributes["kms_key_id"])
	assert.Nil(t, db.Attributes["days_since_last_accessed"], "never read")
	assert.Equal(t, "arn:aws:iam::123456789012:role/app", storeAttr0(t, db, "policy.Statement.0.Principal.AWS"))
	for _, s := range secrets {
		assert.NotContains(t, s.Attributes, "secret_string", "the value is never read")
	}

	got := datasvcStatuses(t, secrets, "SM")
	assert.Equal(t, "pass", got[good+" SM.3"])
	assert.Equal(t, "pass", got[good+" SM.4"])
	assert.Equal(t, "fail", got[good+" SM.1"], "kumo's secret is not rotated")
	assert.Equal(t, "fail", got[bad+" SM.3"])
	assert.Equal(t, "fail", got[bad+" SM.4"])
	assert.Equal(t, "pass", got[bad+" SM.5"], "created today, never read")
}

// storeAttr0 reads a dotted path of r's attributes, list indexes included, failing when it is missing.
func storeAttr0(t *testing.T, r inventory.Resource, path string) any {
	t.Helper()
	v, ok := storeAttrAt(r, path)
	require.True(t, ok, "%s has no %s", r.ID, path)
	return v
}

// The ElastiCache query protocol's wire format.
func elasticacheBody(action, result string) string {
	return `<` + action + `Response xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><` + action + `Result>` + result +
		`</` + action + `Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></` + action + `Response>`
}

func TestElastiCacheFromKumo(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ctx := context.Background()
	api := elasticache.NewFromConfig(sess.Cfg)
	good, bad := storeUnique("sessions"), storeUnique("legacy")
	for _, in := range []*elasticache.CreateReplicationGroupInput{
		{ReplicationGroupId: aws.String(good), ReplicationGroupDescription: aws.String("sessions"),
			AtRestEncryptionEnabled: aws.Bool(true), TransitEncryptionEnabled: aws.Bool(true), AutomaticFailoverEnabled: aws.Bool(true),
			MultiAZEnabled: aws.Bool(true), SnapshotRetentionLimit: aws.Int32(7), AuthToken: aws.String("a-token-of-sixteen-chars"),
			NumCacheClusters: aws.Int32(2)},
		{ReplicationGroupId: aws.String(bad), ReplicationGroupDescription: aws.String("legacy"), NumCacheClusters: aws.Int32(1)},
	} {
		_, err := api.CreateReplicationGroup(ctx, in)
		require.NoError(t, err)
		t.Cleanup(func() {
			_, _ = api.DeleteReplicationGroup(context.Background(), &elasticache.DeleteReplicationGroupInput{ReplicationGroupId: in.ReplicationGroupId})
		})
	}
	// kumo lists no member clusters: answer DescribeCacheClusters here, and take the members from kumo's groups.
	srv.Respond(awstest.Action("elasticache", "DescribeCacheClusters"), http.StatusOK, "text/xml", elasticacheBody("DescribeCacheClusters",
		`<CacheClusters><CacheCluster><CacheClusterId>`+good+`-001</CacheClusterId><CacheSubnetGroupName>cache-private</CacheSubnetGroupName></CacheCluster>`+
			`<CacheCluster><CacheClusterId>`+good+`-002</CacheClusterId><CacheSubnetGroupName>cache-private</CacheSubnetGroupName></CacheCluster>`+
			`<CacheCluster><CacheClusterId>`+bad+`-001</CacheClusterId><CacheSubnetGroupName>default</CacheSubnetGroupName></CacheCluster></CacheClusters>`))

	sink := storeCollect(sess, collectElastiCache)
	groups := datasvcNamed(t, sink, inventory.TypeElastiCacheReplicationGroup, bad, good)
	// Members as kumo names them, or none: the subnet group is then unknown, never a guess.
	sessions := groups[1]
	assert.Equal(t, true, sessions.Attributes["at_rest_encryption_enabled"])
	assert.Equal(t, int64(7), sessions.Attributes["snapshot_retention_limit"])

	// kumo keeps neither the AUTH token nor the user groups: ELC.3 is judged in the test below.
	got := datasvcStatuses(t, groups, "ELC")
	for _, rule := range []string{"ELC.1", "ELC.2", "ELC.4", "ELC.5", "ELC.6"} {
		assert.Equal(t, "pass", got[good+" "+rule], rule)
		assert.Equal(t, "fail", got[bad+" "+rule], rule)
	}
	assert.Equal(t, "fail", got[bad+" ELC.3"])
	assert.Contains(t, []string{"pass", "unknown"}, got[good+" ELC.7"])
	assert.Contains(t, []string{"fail", "unknown"}, got[bad+" ELC.7"])
}

func TestElastiCacheSubnetGroupOfMembers(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	group := func(id string, members ...string) string {
		m := ""
		for _, c := range members {
			m += "<ClusterId>" + c + "</ClusterId>"
		}
		return `<ReplicationGroup><ReplicationGroupId>` + id + `</ReplicationGroupId><ARN>arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:` +
			id + `</ARN><MemberClusters>` + m + `</MemberClusters><AutomaticFailover>disabled</AutomaticFailover><MultiAZ>disabled</MultiAZ></ReplicationGroup>`
	}
	srv.Respond(awstest.Action("elasticache", "DescribeReplicationGroups"), http.StatusOK, "text/xml", elasticacheBody("DescribeReplicationGroups",
		`<ReplicationGroups>`+strings.Replace(group("own", "own-1", "own-2"), "</ReplicationGroup>",
			"<UserGroupIds><member>app-users</member></UserGroupIds></ReplicationGroup>", 1)+
			strings.Replace(group("dflt", "dflt-1"), "</ReplicationGroup>", "<AuthTokenEnabled>true</AuthTokenEnabled></ReplicationGroup>", 1)+group("mixed", "mixed-1", "mixed-2")+
			group("lost", "lost-1")+`</ReplicationGroups>`))
	cluster := func(id, sg string) string {
		return `<CacheCluster><CacheClusterId>` + id + `</CacheClusterId><CacheSubnetGroupName>` + sg + `</CacheSubnetGroupName></CacheCluster>`
	}
	srv.Respond(awstest.Action("elasticache", "DescribeCacheClusters"), http.StatusOK, "text/xml", elasticacheBody("DescribeCacheClusters",
		`<CacheClusters>`+cluster("own-1", "private")+cluster("own-2", "private")+cluster("dflt-1", "default")+
			cluster("mixed-1", "a")+cluster("mixed-2", "b")+`</CacheClusters>`))

	sink := storeCollect(sess, collectElastiCache)
	rgs := storeByID(t, sink, inventory.TypeElastiCacheReplicationGroup)
	arn := func(id string) string { return "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:" + id }
	assert.Equal(t, "private", rgs[arn("own")].Attributes["subnet_group_name"])
	assert.Equal(t, "default", rgs[arn("dflt")].Attributes["subnet_group_name"])
	storeAssertUnknown(t, rgs[arn("mixed")], "subnet_group_name")
	storeAssertUnknown(t, rgs[arn("lost")], "subnet_group_name")
	assert.Equal(t, false, rgs[arn("own")].Attributes["automatic_failover_enabled"])

	got := datasvcStatuses(t, []inventory.Resource{rgs[arn("own")], rgs[arn("dflt")], rgs[arn("mixed")]}, "ELC")
	assert.Equal(t, "pass", got["own ELC.3"], "an RBAC user group")
	assert.Equal(t, "pass", got["dflt ELC.3"], "an AUTH token")
	assert.Equal(t, "fail", got["mixed ELC.3"])
	assert.Equal(t, "pass", got["own ELC.7"])
	assert.Equal(t, "fail", got["dflt ELC.7"])
	assert.Equal(t, "unknown", got["mixed ELC.7"])
}

// The Redshift query protocol's wire format.
func redshiftBody(action, result string) string {
	return `<` + action + `Response xmlns="http://redshift.amazonaws.com/doc/2012-12-01/"><` + action + `Result>` + result +
		`</` + action + `Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></` + action + `Response>`
}

func TestRedshiftClusters(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	cluster := func(id, encrypted, key, public, routing, retention, group string) string {
		s := `<Cluster><ClusterIdentifier>` + id + `</ClusterIdentifier><Encrypted>` + encrypted + `</Encrypted><PubliclyAccessible>` + public +
			`</PubliclyAccessible><EnhancedVpcRouting>` + routing + `</EnhancedVpcRouting><AutomatedSnapshotRetentionPeriod>` + retention +
			`</AutomatedSnapshotRetentionPeriod><ClusterParameterGroups><ClusterParameterGroup><ParameterGroupName>` + group +
			`</ParameterGroupName></ClusterParameterGroup></ClusterParameterGroups><Tags><Tag><Key>app</Key><Value>bi</Value></Tag></Tags>`
		if key != "" {
			s += `<KmsKeyId>` + key + `</KmsKeyId>`
		}
		return s + `</Cluster>`
	}
	srv.Respond(awstest.Action("redshift", "DescribeClusters"), http.StatusOK, "text/xml", redshiftBody("DescribeClusters",
		`<Clusters>`+cluster("analytics", "true", cmkARN, "false", "true", "14", "analytics-tls")+
			cluster("legacy", "false", "", "true", "false", "1", "default.redshift-1.0")+
			cluster("shared", "true", awsManagedKeyARN, "false", "true", "7", "analytics-tls")+`</Clusters>`))
	srv.Handle(awstest.Action("kms", "DescribeKey"), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		manager := "CUSTOMER"
		if strings.Contains(string(body), awsManagedKeyARN) {
			manager = "AWS"
		}
		_, _ = io.WriteString(w, `{"KeyMetadata":{"KeyId":"k","KeyManager":"`+manager+`"}}`)
	})
	srv.Handle(awstest.Action("redshift", "DescribeLoggingStatus"), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		w.Header().Set("Content-Type", "text/xml")
		enabled := strings.Contains(string(body), "ClusterIdentifier=analytics") || strings.Contains(string(body), "ClusterIdentifier=shared")
		_, _ = io.WriteString(w, redshiftBody("DescribeLoggingStatus", `<LoggingEnabled>`+map[bool]string{true: "true", false: "false"}[enabled]+`</LoggingEnabled>`))
	})
	srv.Respond(awstest.Action("redshift", "DescribeClusterParameters"), http.StatusOK, "text/xml", redshiftBody("DescribeClusterParameters",
		`<Parameters><Parameter><ParameterName>require_ssl</ParameterName><ParameterValue>true</ParameterValue><Source>user</Source></Parameter></Parameters>`))

	sink := storeCollect(sess, collectRedshift)
	assert.Empty(t, sink.Issues(sess.Account, sess.Region))
	clusters := storeByID(t, sink, inventory.TypeRedshiftCluster)
	require.Len(t, clusters, 3)
	analytics := clusters["arn:aws:redshift:eu-west-1:123456789012:cluster:analytics"]
	assert.Equal(t, map[string]string{"app": "bi"}, analytics.Tags)
	assert.Equal(t, true, analytics.Attributes["require_ssl"])
	assert.Equal(t, int64(14), analytics.Attributes["automated_snapshot_retention_period"])
	calls := srv.Calls()
	assert.Equal(t, 1, calls[awstest.Op{Service: "redshift", Action: "DescribeClusterParameters"}], "one read per parameter group")

	var list []inventory.Resource
	for _, c := range clusters {
		list = append(list, c)
	}
	got := datasvcStatuses(t, list, "RS")
	for _, rule := range []string{"RS.1", "RS.2", "RS.3", "RS.4", "RS.5", "RS.6", "RS.7"} {
		assert.Equal(t, "pass", got["analytics "+rule], rule)
		assert.Equal(t, "fail", got["legacy "+rule], rule)
	}
	assert.Nil(t, clusters["arn:aws:redshift:eu-west-1:123456789012:cluster:shared"].Attributes["kms_key_id"], "aws/redshift is not a customer key")
	assert.Equal(t, "fail", got["shared RS.2"])
	assert.Equal(t, "pass", got["shared RS.1"])
}

func TestRedshiftParametersDenied(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	srv.Respond(awstest.Action("redshift", "DescribeClusters"), http.StatusOK, "text/xml", redshiftBody("DescribeClusters",
		`<Clusters><Cluster><ClusterIdentifier>dw</ClusterIdentifier><ClusterParameterGroups><ClusterParameterGroup>`+
			`<ParameterGroupName>tls</ParameterGroupName></ClusterParameterGroup></ClusterParameterGroups></Cluster></Clusters>`))
	srv.DenyQuery(awstest.Action("redshift", "DescribeClusterParameters"), "AccessDenied")
	srv.DenyQuery(awstest.Action("redshift", "DescribeLoggingStatus"), "AccessDenied")

	sink := storeCollect(sess, collectRedshift)
	dw := storeByID(t, sink, inventory.TypeRedshiftCluster)["arn:aws:redshift:eu-west-1:123456789012:cluster:dw"]
	storeAssertUnknown(t, dw, "require_ssl", "logging.enabled")
	assert.Equal(t, CodeAccessDenied, storeIssue(t, sink, sess, "DescribeClusterParameters").Code)
	got := datasvcStatuses(t, []inventory.Resource{dw}, "RS")
	assert.Equal(t, "unknown", got["dw RS.4"])
	assert.Equal(t, "unknown", got["dw RS.5"])
}

func TestOpenSearchDomains(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	srv.Respond(awstest.REST("es", http.MethodGet, "/2021-01-01/domain", ""), http.StatusOK, "application/json",
		`{"DomainNames":[{"DomainName":"search","EngineType":"OpenSearch"},{"DomainName":"legacy","EngineType":"Elasticsearch"}]}`)
	good := `{"ARN":"arn:aws:es:eu-west-1:123456789012:domain/search","DomainId":"123456789012/search","DomainName":"search",` +
		`"EngineVersion":"OpenSearch_2.13","ClusterConfig":{},"EncryptionAtRestOptions":{"Enabled":true,"KmsKeyId":"` + cmkARN + `"},` +
		`"NodeToNodeEncryptionOptions":{"Enabled":true},"DomainEndpointOptions":{"EnforceHTTPS":true,"TLSSecurityPolicy":"Policy-Min-TLS-1-2-PFS-2023-10"},` +
		`"AdvancedSecurityOptions":{"Enabled":true},"VPCOptions":{"SubnetIds":["subnet-a"]},` +
		`"AccessPolicies":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"es:*\",\"Resource\":\"*\"}]}",` +
		`"LogPublishingOptions":{"AUDIT_LOGS":{"CloudWatchLogsLogGroupArn":"a","Enabled":true},"INDEX_SLOW_LOGS":{"CloudWatchLogsLogGroupArn":"b","Enabled":true},` +
		`"SEARCH_SLOW_LOGS":{"CloudWatchLogsLogGroupArn":"c","Enabled":true}}}`
	bad := `{"ARN":"arn:aws:es:eu-west-1:123456789012:domain/legacy","DomainId":"123456789012/legacy","DomainName":"legacy",` +
		`"EngineVersion":"Elasticsearch_7.10","ClusterConfig":{},"EncryptionAtRestOptions":{"Enabled":false},` +
		`"NodeToNodeEncryptionOptions":{"Enabled":false},"DomainEndpointOptions":{"EnforceHTTPS":false,"TLSSecurityPolicy":"Policy-Min-TLS-1-0-2019-07"},` +
		`"AdvancedSecurityOptions":{"Enabled":false},` +
		`"AccessPolicies":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"es:*\",\"Resource\":\"*\"}]}",` +
		`"LogPublishingOptions":{"INDEX_SLOW_LOGS":{"CloudWatchLogsLogGroupArn":"b","Enabled":false}}}`
	srv.Respond(awstest.REST("es", http.MethodPost, "/2021-01-01/opensearch/domain-info", ""), http.StatusOK, "application/json",
		`{"DomainStatusList":[`+good+`,`+bad+`]}`)

	sink := storeCollect(sess, collectOpenSearch)
	assert.Empty(t, sink.Issues(sess.Account, sess.Region))
	domains := storeByID(t, sink, inventory.TypeOpenSearchDomain)
	require.Len(t, domains, 2)
	search := domains["arn:aws:es:eu-west-1:123456789012:domain/search"]
	assert.Equal(t, map[string]any{"audit": true, "index_slow": true, "search_slow": true, "application": false}, search.Attributes["logs"])
	assert.Equal(t, true, search.Attributes["in_vpc"])

	got := datasvcStatuses(t, []inventory.Resource{search, domains["arn:aws:es:eu-west-1:123456789012:domain/legacy"]}, "OS")
	for _, rule := range []string{"OS.1", "OS.2", "OS.3", "OS.4", "OS.5", "OS.6", "OS.7", "OS.8"} {
		assert.Equal(t, "pass", got["search "+rule], rule)
		assert.Equal(t, "fail", got["legacy "+rule], rule)
	}
}

func TestOpenSearchDescribeDenied(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	srv.Respond(awstest.REST("es", http.MethodGet, "/2021-01-01/domain", ""), http.StatusOK, "application/json",
		`{"DomainNames":[{"DomainName":"search"}]}`)
	srv.Handle(awstest.REST("es", http.MethodPost, "/2021-01-01/opensearch/domain-info", ""), func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"message":"not authorized to perform: es:DescribeDomains"}`)
	})
	sink := storeCollect(sess, collectOpenSearch)
	d := storeByID(t, sink, inventory.TypeOpenSearchDomain)["arn:aws:es:eu-west-1:123456789012:domain/search"]
	storeAssertUnknown(t, d, "encrypt_at_rest", "access_policies", "logs")
	assert.Equal(t, CodeAccessDenied, storeIssue(t, sink, sess, "DescribeDomains").Code)
	for rule, status := range datasvcStatuses(t, []inventory.Resource{d}, "OS") {
		assert.Equal(t, "unknown", status, rule)
	}
}
