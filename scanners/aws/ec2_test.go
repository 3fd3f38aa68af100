package aws

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
	"github.com/vigil-audit/vigil/scanners/iac"
	iacaws "github.com/vigil-audit/vigil/scanners/iac/aws"
)

// Helpers shared by the EC2, RDS, DynamoDB and EFS collector tests (prefix "store").

// storeClock is the fixed collection time of these tests.
var storeClock = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const storeAccount = "123456789012"

// storeSession is a session of storeAccount against srv, with three attempts per call, no backoff and no
// client-side retry quota, so that throttling tests stay fast.
func storeSession(srv *awstest.Server, region string) *Session {
	cfg := srv.Config(region)
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 3
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			o.RateLimiter = ratelimit.None
		})
	}
	return &Session{Cfg: cfg, Account: storeAccount, Partition: "aws", Region: region, CustomEndpoint: true, Home: true}
}

// storeCollect runs one collector in sess and returns the sink.
func storeCollect(sess *Session, collect func(context.Context, *Session, *Sink)) *Sink {
	sink := NewSink(func() time.Time { return storeClock })
	collect(context.Background(), sess, sink)
	return sink
}

// storeByID indexes the collected resources of one type by id, asserting ids are unique.
func storeByID(t *testing.T, sink *Sink, typ string) map[string]inventory.Resource {
	t.Helper()
	out := map[string]inventory.Resource{}
	for _, r := range schemaValid(t, sink.Resources()) {
		if r.Type != typ {
			continue
		}
		_, dup := out[r.ID]
		require.False(t, dup, "duplicate resource %s", r.ID)
		out[r.ID] = r
	}
	return out
}

// storeIssue returns the issue recorded for api in sess, failing the test when there is none.
func storeIssue(t *testing.T, sink *Sink, sess *Session, api string) inventory.Issue {
	t.Helper()
	for _, is := range sink.Issues(sess.Account, sess.Region) {
		if is.API == api {
			return is
		}
	}
	require.Failf(t, "no issue", "%s not in %v", api, sink.Issues(sess.Account, sess.Region))
	return inventory.Issue{}
}

// storeNoIssue asserts that no call of api failed.
func storeNoIssue(t *testing.T, sink *Sink, sess *Session, api string) {
	t.Helper()
	for _, is := range sink.Issues(sess.Account, sess.Region) {
		assert.NotEqual(t, api, is.API, "unexpected issue %v", is)
	}
}

var storeSeq atomic.Int64

// storeUnique returns a name no other test uses: kumo keeps one store per process, shared by every
// server (and so by every test, of every run with -count).
func storeUnique(prefix string) string {
	return prefix + "-" + strconv.FormatInt(time.Now().UnixNano()%1e9, 36) + strconv.FormatInt(storeSeq.Add(1), 36)
}

// storeFirstCalls matches what m matches, for the first n requests only: later ones go on to kumo.
func storeFirstCalls(m awstest.Matcher, n int32) awstest.Matcher {
	var seen atomic.Int32
	return func(r *http.Request, op awstest.Op, body []byte) bool {
		return m(r, op, body) && seen.Add(1) <= n
	}
}

// storeAttrAt returns the attribute at a dotted path (list elements by index) and whether it exists.
func storeAttrAt(r inventory.Resource, path string) (any, bool) {
	var cur any = r.Attributes
	for _, seg := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[seg]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// storeAssertUnknown asserts that each path is unknown and holds no value.
func storeAssertUnknown(t *testing.T, r inventory.Resource, paths ...string) {
	t.Helper()
	for _, p := range paths {
		assert.True(t, r.IsUnknown(p), "%s: %s should be unknown (unknown: %v)", r.ID, p, r.Unknown)
		v, _ := storeAttrAt(r, p)
		assert.Nil(t, v, "%s: unknown %s must hold no value", r.ID, p)
	}
}

// The EC2 query protocol's wire format.
const ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"

func ec2Body(action, inner string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<` + action + `Response xmlns="` + ec2Namespace +
		`"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>` + inner + `</` + action + `Response>`
}

// ec2Paged answers action with pages: the first to a request without NextToken, page i to token
// "page-i"; every page but the last carries the next token.
func ec2Paged(srv *awstest.Server, action string, pages ...string) {
	srv.Handle(awstest.Action("ec2", action), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		form, _ := url.ParseQuery(string(body))
		i := 0
		if tok := form.Get("NextToken"); tok != "" {
			i, _ = strconv.Atoi(strings.TrimPrefix(tok, "page-"))
		}
		inner := pages[i]
		if i+1 < len(pages) {
			inner += "<nextToken>page-" + strconv.Itoa(i+1) + "</nextToken>"
		}
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		_, _ = io.WriteString(w, ec2Body(action, inner))
	})
}

// ec2Fault makes matching EC2 requests fail with an EC2 error response.
func ec2Fault(srv *awstest.Server, m awstest.Matcher, status int, code string) {
	srv.Respond(m, status, "text/xml;charset=UTF-8", `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
		`<Response><Errors><Error><Code>`+code+`</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>ab1c2d3e</RequestID></Response>`)
}

// ec2Rule builds an expected canonical security group rule.
func ec2Rule(proto string, from, to int64, source string, set map[string]any) map[string]any {
	r := map[string]any{
		"protocol": proto, "from_port": from, "to_port": to,
		"cidr_blocks": []string{}, "ipv6_cidr_blocks": []string{}, "prefix_list_ids": []string{},
		"security_groups": []string{}, "self": false, "description": nil, "source": source,
	}
	for k, v := range set {
		r[k] = v
	}
	return r
}

func TestEC2SecurityGroupsAndVPCsFromKumo(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ctx := context.Background()
	c := ec2.NewFromConfig(sess.Cfg)
	vpc, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.20.0.0/16")})
	require.NoError(t, err)
	vpcID := aws.ToString(vpc.Vpc.VpcId)
	name := storeUnique("web")
	sg, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		GroupName: aws.String(name), Description: aws.String("web tier"), VpcId: vpc.Vpc.VpcId})
	require.NoError(t, err)
	_, err = c.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{
		GroupId: sg.GroupId, IpPermissions: []ec2types.IpPermission{
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
				IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}},
			{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}},
		}})
	require.NoError(t, err)
	// kumo has no flow logs: one VPC flow log and one on a subnet, in the real wire format.
	ec2Paged(srv, "DescribeFlowLogs", `<flowLogSet>
<item><creationTime>2026-01-10T08:00:00.000Z</creationTime><deliverLogsStatus>SUCCESS</deliverLogsStatus><flowLogId>fl-0a1</flowLogId><flowLogStatus>ACTIVE</flowLogStatus><logDestinationType>s3</logDestinationType><logDestination>arn:aws:s3:::flow-logs</logDestination><resourceId>`+vpcID+`</resourceId><trafficType>REJECT</trafficType></item>
<item><creationTime>2026-01-10T08:00:00.000Z</creationTime><flowLogId>fl-0b2</flowLogId><flowLogStatus>ACTIVE</flowLogStatus><logDestinationType>cloud-watch-logs</logDestinationType><resourceId>subnet-0a1</resourceId><trafficType>ALL</trafficType></item>
</flowLogSet>`)

	sink := storeCollect(sess, collectEC2)
	storeNoIssue(t, sink, sess, "DescribeSecurityGroups")
	storeNoIssue(t, sink, sess, "DescribeVpcs")
	storeNoIssue(t, sink, sess, "DescribeFlowLogs")

	arn := "arn:aws:ec2:eu-west-1:123456789012:security-group/" + aws.ToString(sg.GroupId)
	groups := storeByID(t, sink, inventory.TypeEC2SecurityGroup)
	require.Contains(t, groups, arn)
	g := groups[arn]
	assert.Equal(t, name, g.Name)
	assert.Equal(t, storeAccount, g.Account)
	assert.Equal(t, "eu-west-1", g.Region)
	assert.Equal(t, "ec2:DescribeSecurityGroups", g.Source.API)
	assert.Equal(t, storeClock, *g.Source.CollectedAt)
	assert.Equal(t, name, g.Attributes["name"])
	assert.Equal(t, "web tier", g.Attributes["description"])
	assert.Equal(t, vpcID, g.Attributes["vpc_id"])
	assert.ElementsMatch(t, []any{
		ec2Rule("tcp", 22, 22, arn, map[string]any{"cidr_blocks": []string{"0.0.0.0/0"}}),
		ec2Rule("-1", 0, 65535, arn, map[string]any{"cidr_blocks": []string{"10.0.0.0/8"}}),
	}, g.Attributes["ingress"])
	assert.Equal(t, []any{}, g.Attributes["egress"])
	assert.Empty(t, g.Unknown)

	vpcs := storeByID(t, sink, inventory.TypeEC2VPC)
	v := vpcs["arn:aws:ec2:eu-west-1:123456789012:vpc/"+vpcID]
	require.NotEmpty(t, v.ID, "VPC collected: %v", vpcs)
	assert.Equal(t, "10.20.0.0/16", v.Attributes["cidr_block"])
	assert.Equal(t, false, v.Attributes["is_default"])
	assert.Equal(t, true, v.Attributes["flow_logs_enabled"])
	assert.Equal(t, []any{map[string]any{"id": "fl-0a1", "traffic_type": "REJECT", "destination_type": "s3",
		"status": "ACTIVE"}}, v.Attributes["flow_logs"])
	assert.Empty(t, v.Unknown)
}

// ec2SecurityGroupPages is DescribeSecurityGroups over two pages: a group whose permissions mix every kind
// of peer and description, and a group with the default egress rule.
var ec2SecurityGroupPages = []string{`<securityGroupInfo><item>
<ownerId>123456789012</ownerId><groupId>sg-0a1</groupId><groupName>web</groupName><groupDescription>web tier</groupDescription>
<vpcId>vpc-0a1</vpcId><securityGroupArn>arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a1</securityGroupArn>
<ipPermissions>
 <item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort>
  <groups>
   <item><userId>123456789012</userId><groupId>sg-0a1</groupId><description>peers</description></item>
   <item><userId>123456789012</userId><groupId>sg-0b2</groupId></item>
   <item><userId>210987654321</userId><groupId>sg-0ff</groupId><vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId></item>
  </groups>
  <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp><description>public</description></item><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges>
  <ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6><description>public</description></item></ipv6Ranges>
  <prefixListIds><item><prefixListId>pl-0c3</prefixListId></item></prefixListIds>
 </item>
 <item><ipProtocol>icmp</ipProtocol><fromPort>-1</fromPort><toPort>-1</toPort><groups/><ipRanges><item><cidrIp>10.1.0.0/16</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>
 <item><ipProtocol>50</ipProtocol><groups/><ipRanges><item><cidrIp>172.16.0.0/12</cidrIp><description>ipsec</description></item></ipRanges><ipv6Ranges/><prefixListIds/></item>
</ipPermissions>
<ipPermissionsEgress/>
<tagSet><item><key>env</key><value>prod</value></item></tagSet>
</item></securityGroupInfo>`, `<securityGroupInfo><item>
<ownerId>123456789012</ownerId><groupId>sg-0b2</groupId><groupName>default</groupName><groupDescription>default VPC security group</groupDescription>
<vpcId>vpc-0a1</vpcId>
<ipPermissions/>
<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges><prefixListIds/></item></ipPermissionsEgress>
</item></securityGroupInfo>`}

const ec2InstancesPage = `<reservationSet><item><reservationId>r-0a1</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>
<item><instanceId>i-0a1</instanceId><imageId>ami-0abc</imageId><instanceState><code>16</code><name>running</name></instanceState>
 <instanceType>t3.micro</instanceType><ipAddress>203.0.113.10</ipAddress><rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName>
 <blockDeviceMapping>
  <item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-root</volumeId><status>attached</status><attachTime>2026-01-01T00:00:00.000Z</attachTime><deleteOnTermination>true</deleteOnTermination></ebs></item>
  <item><deviceName>/dev/sdg</deviceName><ebs><volumeId>vol-gone</volumeId><status>attached</status><deleteOnTermination>false</deleteOnTermination></ebs></item>
  <item><deviceName>/dev/sdf</deviceName><ebs><volumeId>vol-data</volumeId><status>attached</status><deleteOnTermination>false</deleteOnTermination></ebs></item>
 </blockDeviceMapping>
 <iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/web</arn><id>AIPAEXAMPLE</id></iamInstanceProfile>
 <metadataOptions><state>applied</state><httpTokens>optional</httpTokens><httpPutResponseHopLimit>1</httpPutResponseHopLimit><httpEndpoint>enabled</httpEndpoint></metadataOptions>
 <tagSet><item><key>Name</key><value>web-1</value></item></tagSet>
</item>
<item><instanceId>i-0dead</instanceId><imageId>ami-0abc</imageId><instanceState><code>48</code><name>terminated</name></instanceState><instanceType>t3.micro</instanceType><blockDeviceMapping/></item>
</instancesSet></item>
<item><reservationId>r-0b2</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>
<item><instanceId>i-0b2</instanceId><imageId>ami-0def</imageId><instanceState><code>80</code><name>stopped</name></instanceState>
 <instanceType>m7g.large</instanceType><rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/sda1</rootDeviceName>
 <blockDeviceMapping><item><deviceName>/dev/sda1</deviceName><ebs><volumeId>vol-other</volumeId><status>attached</status></ebs></item></blockDeviceMapping>
 <metadataOptions><state>applied</state><httpTokens>required</httpTokens><httpEndpoint>disabled</httpEndpoint></metadataOptions>
</item>
</instancesSet></item></reservationSet>`

func TestEC2WireFormatPaginationAndJoins(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ec2Paged(srv, "DescribeSecurityGroups", ec2SecurityGroupPages...)
	ec2Paged(srv, "DescribeVolumes", `<volumeSet>
<item><volumeId>vol-root</volumeId><size>8</size><snapshotId>snap-0ami</snapshotId><availabilityZone>eu-west-1a</availabilityZone><status>in-use</status><createTime>2026-01-01T00:00:00.000Z</createTime><volumeType>gp3</volumeType><encrypted>true</encrypted><kmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/k-ebs</kmsKeyId><tagSet><item><key>Name</key><value>web-root</value></item></tagSet><attachmentSet><item><volumeId>vol-root</volumeId><instanceId>i-0a1</instanceId><device>/dev/xvda</device><status>attached</status></item></attachmentSet></item>
<item><volumeId>vol-data</volumeId><size>100</size><availabilityZone>eu-west-1a</availabilityZone><status>in-use</status><createTime>2026-01-01T00:00:00.000Z</createTime><volumeType>st1</volumeType><encrypted>false</encrypted></item>
</volumeSet>`, `<volumeSet>
<item><volumeId>vol-other</volumeId><size>20</size><availabilityZone>eu-west-1b</availabilityZone><status>in-use</status><createTime>2026-01-02T00:00:00.000Z</createTime><volumeType>gp2</volumeType><encrypted>true</encrypted><kmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/k-ebs</kmsKeyId></item>
</volumeSet>`)
	ec2Paged(srv, "DescribeInstances", ec2InstancesPage)
	ec2Paged(srv, "DescribeSnapshots", `<snapshotSet>
<item><snapshotId>snap-pub</snapshotId><volumeId>vol-data</volumeId><status>completed</status><startTime>2026-02-01T10:00:00.000Z</startTime><progress>100%</progress><ownerId>123456789012</ownerId><volumeSize>100</volumeSize><encrypted>false</encrypted></item>
<item><snapshotId>snap-shared</snapshotId><volumeId>vol-root</volumeId><status>completed</status><startTime>2026-02-02T10:00:00.000Z</startTime><ownerId>123456789012</ownerId><volumeSize>8</volumeSize><encrypted>true</encrypted><kmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/k-ebs</kmsKeyId><tagSet><item><key>Name</key><value>nightly</value></item></tagSet></item>
</snapshotSet>`, `<snapshotSet>
<item><snapshotId>snap-private</snapshotId><volumeId>vol-other</volumeId><status>completed</status><startTime>2026-02-03T10:00:00.000Z</startTime><ownerId>123456789012</ownerId><volumeSize>20</volumeSize><encrypted>true</encrypted></item>
</snapshotSet>`)
	perms := map[string]string{
		"snap-pub":     `<item><group>all</group></item>`,
		"snap-shared":  `<item><userId>444455556666</userId></item><item><userId>111122223333</userId></item>`,
		"snap-private": ``,
	}
	srv.Handle(awstest.Action("ec2", "DescribeSnapshotAttribute"), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		form, _ := url.ParseQuery(string(body))
		id := form.Get("SnapshotId")
		assert.Equal(t, "createVolumePermission", form.Get("Attribute"))
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		_, _ = io.WriteString(w, ec2Body("DescribeSnapshotAttribute",
			`<snapshotId>`+id+`</snapshotId><createVolumePermission>`+perms[id]+`</createVolumePermission>`))
	})
	ec2Paged(srv, "GetEbsEncryptionByDefault", `<ebsEncryptionByDefault>true</ebsEncryptionByDefault><sseType>sse-ebs</sseType>`)
	ec2Paged(srv, "GetEbsDefaultKmsKeyId", `<kmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/k-ebs</kmsKeyId>`)
	ec2Paged(srv, "DescribeVpcs", `<vpcSet><item><vpcId>vpc-0a1</vpcId><state>available</state><cidrBlock>172.31.0.0/16</cidrBlock><isDefault>true</isDefault><ownerId>123456789012</ownerId></item></vpcSet>`,
		`<vpcSet><item><vpcId>vpc-0b2</vpcId><state>available</state><cidrBlock>10.9.0.0/16</cidrBlock><isDefault>false</isDefault><tagSet><item><key>Name</key><value>core</value></item></tagSet></item></vpcSet>`)
	ec2Paged(srv, "DescribeFlowLogs",
		`<flowLogSet><item><flowLogId>fl-2</flowLogId><flowLogStatus>ACTIVE</flowLogStatus><logDestinationType>s3</logDestinationType><resourceId>vpc-0b2</resourceId><trafficType>ALL</trafficType></item></flowLogSet>`,
		`<flowLogSet><item><flowLogId>fl-1</flowLogId><flowLogStatus>ACTIVE</flowLogStatus><logDestinationType>cloud-watch-logs</logDestinationType><resourceId>vpc-0b2</resourceId><trafficType>REJECT</trafficType></item></flowLogSet>`)
	// kumo has no network ACLs: two pages in the wire format, entries out of order, the catch-all deny included.
	ec2Paged(srv, "DescribeNetworkAcls", `<networkAclSet><item><networkAclId>acl-0a1</networkAclId><vpcId>vpc-0a1</vpcId><default>true</default><entrySet>
<item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
<item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
<item><ruleNumber>101</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>false</egress><ipv6CidrBlock>::/0</ipv6CidrBlock></item>
<item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>true</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
<item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>true</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
</entrySet><associationSet/><tagSet/><ownerId>123456789012</ownerId></item></networkAclSet>`,
		`<networkAclSet><item><networkAclId>acl-0b2</networkAclId><vpcId>vpc-0b2</vpcId><default>false</default><entrySet>
<item><ruleNumber>200</ruleNumber><protocol>6</protocol><ruleAction>allow</ruleAction><egress>false</egress><cidrBlock>10.9.0.0/16</cidrBlock><portRange><from>1024</from><to>65535</to></portRange></item>
<item><ruleNumber>110</ruleNumber><protocol>6</protocol><ruleAction>allow</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock><portRange><from>3389</from><to>3389</to></portRange></item>
<item><ruleNumber>90</ruleNumber><protocol>1</protocol><ruleAction>deny</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock><icmpTypeCode><code>-1</code><type>8</type></icmpTypeCode></item>
</entrySet><tagSet><item><key>Name</key><value>core</value></item></tagSet></item></networkAclSet>`)

	sink := storeCollect(sess, collectEC2)
	assert.Empty(t, sink.Issues(storeAccount, "eu-west-1"))

	entry := func(n int64, action, proto string, from, to int64, v4, v6 any) any {
		return map[string]any{"rule_number": n, "action": action, "protocol": proto, "from_port": from, "to_port": to,
			"cidr_block": v4, "ipv6_cidr_block": v6}
	}
	acls := storeByID(t, sink, inventory.TypeEC2NetworkACL)
	require.Len(t, acls, 2)
	defACL := acls["arn:aws:ec2:eu-west-1:123456789012:network-acl/acl-0a1"]
	assert.Equal(t, "acl-0a1", defACL.Name)
	assert.Equal(t, map[string]any{"vpc_id": "vpc-0a1", "is_default": true,
		"ingress": []any{entry(100, "allow", "-1", 0, 65535, "0.0.0.0/0", nil), entry(101, "allow", "-1", 0, 65535, nil, "::/0")},
		"egress":  []any{entry(100, "allow", "-1", 0, 65535, "0.0.0.0/0", nil)},
	}, defACL.Attributes, "the catch-all deny (32767) is not listed")
	coreACL := acls["arn:aws:ec2:eu-west-1:123456789012:network-acl/acl-0b2"]
	assert.Equal(t, "core", coreACL.Name)
	assert.Equal(t, []any{
		entry(90, "deny", "icmp", 0, 0, "0.0.0.0/0", nil),
		entry(110, "allow", "tcp", 3389, 3389, "0.0.0.0/0", nil),
		entry(200, "allow", "tcp", 1024, 65535, "10.9.0.0/16", nil),
	}, coreACL.Attributes["ingress"], "sorted by rule number")
	assert.Equal(t, []any{}, coreACL.Attributes["egress"])
	assert.Empty(t, coreACL.Unknown)

	// Security groups: two pages, rules split per description, self and cross-account peers.
	groups := storeByID(t, sink, inventory.TypeEC2SecurityGroup)
	require.Len(t, groups, 2)
	webARN := "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a1"
	web := groups[webARN]
	assert.Equal(t, map[string]string{"env": "prod"}, web.Tags)
	assert.ElementsMatch(t, []any{
		ec2Rule("tcp", 443, 443, webARN, map[string]any{"self": true, "description": "peers"}),
		ec2Rule("tcp", 443, 443, webARN, map[string]any{"cidr_blocks": []string{"0.0.0.0/0"},
			"ipv6_cidr_blocks": []string{"::/0"}, "description": "public"}),
		ec2Rule("tcp", 443, 443, webARN, map[string]any{"cidr_blocks": []string{"10.0.0.0/8"},
			"prefix_list_ids": []string{"pl-0c3"}, "security_groups": []string{"210987654321/sg-0ff", "sg-0b2"}}),
		ec2Rule("icmp", -1, -1, webARN, map[string]any{"cidr_blocks": []string{"10.1.0.0/16"}}),
		ec2Rule("50", 0, 0, webARN, map[string]any{"cidr_blocks": []string{"172.16.0.0/12"}, "description": "ipsec"}),
	}, web.Attributes["ingress"])
	assert.Equal(t, []any{}, web.Attributes["egress"])
	defARN := "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0b2"
	assert.Equal(t, []any{ec2Rule("-1", 0, 65535, defARN, map[string]any{"cidr_blocks": []string{"0.0.0.0/0"},
		"ipv6_cidr_blocks": []string{"::/0"}})}, groups[defARN].Attributes["egress"])

	// Volumes: two pages; the Name tag names them.
	vols := storeByID(t, sink, inventory.TypeEC2Volume)
	require.Len(t, vols, 3)
	root := vols["arn:aws:ec2:eu-west-1:123456789012:volume/vol-root"]
	assert.Equal(t, "web-root", root.Name)
	assert.Equal(t, map[string]any{"encrypted": true, "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/k-ebs",
		"size": int64(8), "type": "gp3", "availability_zone": "eu-west-1a",
		"attached_instances": []string{"arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1"}}, root.Attributes)
	data := vols["arn:aws:ec2:eu-west-1:123456789012:volume/vol-data"]
	assert.Equal(t, "vol-data", data.Name)
	assert.Equal(t, false, data.Attributes["encrypted"])
	assert.Nil(t, data.Attributes["kms_key_id"])
	assert.Equal(t, "st1", data.Attributes["type"])

	// Instances: the terminated one is skipped; encryption joins the volumes; a volume that was not
	// listed leaves its device unknown.
	insts := storeByID(t, sink, inventory.TypeEC2Instance)
	require.Len(t, insts, 2)
	i1 := insts["arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1"]
	assert.Equal(t, "web-1", i1.Name)
	assert.Equal(t, "t3.micro", i1.Attributes["instance_type"])
	assert.Equal(t, "ami-0abc", i1.Attributes["ami"])
	assert.Equal(t, map[string]any{"http_tokens": "optional", "http_endpoint": "enabled"}, i1.Attributes["metadata_options"])
	assert.Equal(t, map[string]any{"encrypted": true}, i1.Attributes["root_block_device"])
	assert.Equal(t, []any{
		map[string]any{"device_name": "/dev/sdf", "encrypted": false},
		map[string]any{"device_name": "/dev/sdg", "encrypted": nil},
	}, i1.Attributes["ebs_block_devices"])
	assert.Equal(t, []string{"ebs_block_devices.1.encrypted"}, i1.Unknown)
	assert.Equal(t, true, i1.Attributes["associate_public_ip_address"])
	assert.Equal(t, "arn:aws:iam::123456789012:instance-profile/web", i1.Attributes["iam_instance_profile"])
	i2 := insts["arn:aws:ec2:eu-west-1:123456789012:instance/i-0b2"]
	assert.Equal(t, "i-0b2", i2.Name)
	assert.Equal(t, map[string]any{"http_tokens": "required", "http_endpoint": "disabled"}, i2.Attributes["metadata_options"])
	assert.Equal(t, map[string]any{"encrypted": true}, i2.Attributes["root_block_device"])
	assert.Equal(t, []any{}, i2.Attributes["ebs_block_devices"])
	assert.Equal(t, false, i2.Attributes["associate_public_ip_address"])
	assert.Nil(t, i2.Attributes["iam_instance_profile"])
	assert.Empty(t, i2.Unknown)

	// Snapshots: two pages; public and shared from createVolumePermission.
	snaps := storeByID(t, sink, inventory.TypeEC2Snapshot)
	require.Len(t, snaps, 3)
	pub := snaps["arn:aws:ec2:eu-west-1::snapshot/snap-pub"]
	assert.Equal(t, map[string]any{"encrypted": false, "kms_key_id": nil, "volume_id": "vol-data",
		"start_time": "2026-02-01T10:00:00Z", "public": true, "shared_with": []string{}}, pub.Attributes)
	assert.Equal(t, storeAccount, pub.Account)
	shared := snaps["arn:aws:ec2:eu-west-1::snapshot/snap-shared"]
	assert.Equal(t, "nightly", shared.Name)
	assert.Equal(t, false, shared.Attributes["public"])
	assert.Equal(t, []string{"111122223333", "444455556666"}, shared.Attributes["shared_with"])
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/k-ebs", shared.Attributes["kms_key_id"])
	private := snaps["arn:aws:ec2:eu-west-1::snapshot/snap-private"]
	assert.Equal(t, false, private.Attributes["public"])
	assert.Equal(t, []string{}, private.Attributes["shared_with"])

	// EBS defaults on aws.account, per region.
	acct := storeByID(t, sink, inventory.TypeAccount)["arn:aws:iam::123456789012:root"]
	assert.Equal(t, map[string]any{"eu-west-1": map[string]any{"ebs_encryption_by_default": true,
		"ebs_default_kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/k-ebs"}}, acct.Attributes["regions"])
	assert.Empty(t, acct.Unknown)

	// VPCs over two pages, flow logs over two pages, sorted by id.
	vpcs := storeByID(t, sink, inventory.TypeEC2VPC)
	require.Len(t, vpcs, 2)
	def := vpcs["arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0a1"]
	assert.Equal(t, map[string]any{"cidr_block": "172.31.0.0/16", "is_default": true, "flow_logs": []any{},
		"flow_logs_enabled": false}, def.Attributes)
	core := vpcs["arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0b2"]
	assert.Equal(t, "core", core.Name)
	assert.Equal(t, []any{
		map[string]any{"id": "fl-1", "traffic_type": "REJECT", "destination_type": "cloud-watch-logs", "status": "ACTIVE"},
		map[string]any{"id": "fl-2", "traffic_type": "ALL", "destination_type": "s3", "status": "ACTIVE"},
	}, core.Attributes["flow_logs"])
	assert.Equal(t, true, core.Attributes["flow_logs_enabled"])

	calls := srv.Calls()
	for action, n := range map[string]int{"DescribeSecurityGroups": 2, "DescribeVolumes": 2, "DescribeSnapshots": 2,
		"DescribeSnapshotAttribute": 3, "DescribeVpcs": 2, "DescribeFlowLogs": 2} {
		assert.Equal(t, n, calls[awstest.Op{Service: "ec2", Action: action}], action)
	}
}

func TestEC2AccessDeniedLeavesAttributesUnknown(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ctx := context.Background()
	vpc, err := ec2.NewFromConfig(sess.Cfg).CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	require.NoError(t, err)
	ec2Paged(srv, "DescribeInstances", ec2InstancesPage)
	ec2Paged(srv, "DescribeSnapshots", `<snapshotSet><item><snapshotId>snap-1</snapshotId><volumeId>vol-root</volumeId><startTime>2026-02-01T10:00:00.000Z</startTime><encrypted>true</encrypted></item></snapshotSet>`)
	for _, action := range []string{"DescribeVolumes", "GetEbsEncryptionByDefault", "GetEbsDefaultKmsKeyId",
		"DescribeFlowLogs", "DescribeSnapshotAttribute"} {
		ec2Fault(srv, awstest.Action("ec2", action), http.StatusForbidden, "UnauthorizedOperation")
	}

	sink := storeCollect(sess, collectEC2)
	for _, api := range []string{"DescribeVolumes", "GetEbsEncryptionByDefault", "GetEbsDefaultKmsKeyId",
		"DescribeFlowLogs", "DescribeSnapshotAttribute"} {
		is := storeIssue(t, sink, sess, api)
		assert.Equal(t, CodeAccessDenied, is.Code, api)
		assert.Equal(t, "ec2", is.Service)
		assert.Equal(t, "eu-west-1", is.Region)
		assert.Contains(t, is.Message, "UnauthorizedOperation")
	}
	assert.Empty(t, storeByID(t, sink, inventory.TypeEC2Volume))

	// Without the volumes, no block device's encryption is known; the instance's other settings are.
	i1 := storeByID(t, sink, inventory.TypeEC2Instance)["arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1"]
	storeAssertUnknown(t, i1, "root_block_device.encrypted", "ebs_block_devices.0.encrypted", "ebs_block_devices.1.encrypted")
	assert.Equal(t, "optional", i1.Attributes["metadata_options"].(map[string]any)["http_tokens"])

	snap := storeByID(t, sink, inventory.TypeEC2Snapshot)["arn:aws:ec2:eu-west-1::snapshot/snap-1"]
	storeAssertUnknown(t, snap, "public", "shared_with")
	assert.Equal(t, true, snap.Attributes["encrypted"])

	v := storeByID(t, sink, inventory.TypeEC2VPC)["arn:aws:ec2:eu-west-1:123456789012:vpc/"+aws.ToString(vpc.Vpc.VpcId)]
	storeAssertUnknown(t, v, "flow_logs", "flow_logs_enabled")
	assert.Equal(t, "10.0.0.0/16", v.Attributes["cidr_block"])

	acct := storeByID(t, sink, inventory.TypeAccount)["arn:aws:iam::123456789012:root"]
	storeAssertUnknown(t, acct, "regions.eu-west-1.ebs_encryption_by_default", "regions.eu-west-1.ebs_default_kms_key_id")
}

func TestEC2ThrottlingIsRetried(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ctx := context.Background()
	c := ec2.NewFromConfig(sess.Cfg)
	sg, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String(storeUnique("db")),
		Description: aws.String("database")})
	require.NoError(t, err)
	// Two throttled answers, then kumo answers; DescribeVolumes stays throttled beyond the retries.
	ec2Fault(srv, storeFirstCalls(awstest.Action("ec2", "DescribeSecurityGroups"), 2), http.StatusServiceUnavailable,
		"RequestLimitExceeded")
	ec2Fault(srv, awstest.Action("ec2", "DescribeVolumes"), http.StatusServiceUnavailable, "RequestLimitExceeded")

	start := time.Now()
	sink := storeCollect(sess, collectEC2)
	assert.Less(t, time.Since(start), 5*time.Second)

	calls := srv.Calls()
	assert.Equal(t, 3, calls[awstest.Op{Service: "ec2", Action: "DescribeSecurityGroups"}])
	storeNoIssue(t, sink, sess, "DescribeSecurityGroups")
	g := storeByID(t, sink, inventory.TypeEC2SecurityGroup)["arn:aws:ec2:eu-west-1:123456789012:security-group/"+aws.ToString(sg.GroupId)]
	assert.Equal(t, "database", g.Attributes["description"])
	assert.Nil(t, g.Attributes["vpc_id"])

	assert.Equal(t, 3, calls[awstest.Op{Service: "ec2", Action: "DescribeVolumes"}])
	assert.Equal(t, CodeThrottling, storeIssue(t, sink, sess, "DescribeVolumes").Code)
}

// storeLeaves flattens canonical attributes into dotted leaf paths. Lists are leaves; in lists of
// objects (security group rules) the provenance field "source" is dropped and the elements are sorted,
// so that two sources of the same set compare equal.
func storeLeaves(t *testing.T, prefix string, v any, out map[string]any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			storeLeaves(t, p, sub, out)
		}
	case []any:
		elems := make([]any, 0, len(x))
		keys := map[int]string{}
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				c := map[string]any{}
				for k, ev := range m {
					if k != "source" {
						c[k] = ev
					}
				}
				e = c
			}
			b, err := json.Marshal(e)
			require.NoError(t, err)
			keys[len(elems)] = string(b)
			elems = append(elems, e)
		}
		idx := make([]int, len(elems))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
		sorted := make([]any, len(elems))
		for i, j := range idx {
			sorted[i] = elems[j]
		}
		out[prefix] = sorted
	default:
		out[prefix] = v
	}
}

// TestLiveMatchesTerraformAdapters is the conformance check between the two sources: for a security group,
// a volume, an RDS instance, DynamoDB tables and an EFS file system, the Terraform blocks that declare them
// and the live API answers that describe them give the same canonical attributes (ids, tags and source
// aside), so every rule gives the same verdict on both. Attributes only an API can know are listed.
func TestLiveMatchesTerraformAdapters(t *testing.T) {
	const (
		ebsKey = "arn:aws:kms:eu-west-1:123456789012:key/k-ebs"
		rdsKey = "arn:aws:kms:eu-west-1:123456789012:key/k-rds"
		efsKey = "arn:aws:kms:eu-west-1:123456789012:key/k-efs"
	)
	block := func(typ, name string, attrs map[string]any) iac.Block {
		return iac.Block{Address: typ + "." + name, Mode: iac.ModeManaged, Type: typ, Name: name, Attrs: attrs,
			File: "main.tf", StartLine: 1, EndLine: 9, Region: "eu-west-1"}
	}
	l := func(v ...any) []any { return v }
	type m = map[string]any
	blocks := []iac.Block{
		block("aws_security_group", "web", m{"name": "web", "description": "web tier", "vpc_id": "vpc-0a1",
			"ingress": l(
				m{"protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr_blocks": l("0.0.0.0/0"),
					"ipv6_cidr_blocks": l("::/0"), "description": "public"},
				m{"protocol": "6", "from_port": int64(443), "to_port": int64(443), "cidr_blocks": l("10.0.0.0/8"),
					"prefix_list_ids": l("pl-0c3"), "security_groups": l("sg-0b2", "210987654321/sg-0ff")},
				m{"protocol": "icmp", "from_port": int64(-1), "to_port": int64(-1), "cidr_blocks": l("10.1.0.0/16")},
				m{"protocol": "50", "from_port": int64(0), "to_port": int64(0), "cidr_blocks": l("172.16.0.0/12"),
					"description": "ipsec"},
			),
			"egress": l(m{"protocol": "-1", "from_port": int64(0), "to_port": int64(0), "cidr_blocks": l("0.0.0.0/0"),
				"ipv6_cidr_blocks": l("::/0")}),
		}),
		block("aws_security_group_rule", "peers", m{"type": "ingress", "security_group_id": "aws_security_group.web",
			"protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "self": true, "description": "peers"}),
		block("aws_ebs_volume", "root", m{"availability_zone": "eu-west-1a", "size": int64(8), "type": "gp3",
			"encrypted": true, "kms_key_id": ebsKey, "tags": m{"Name": "web-root"}}),
		block("aws_db_instance", "orders", m{"identifier": "orders", "engine": "postgres", "instance_class": "db.r6g.large",
			"storage_encrypted": true, "kms_key_id": rdsKey, "backup_retention_period": int64(14), "multi_az": true,
			"deletion_protection": true, "publicly_accessible": false, "auto_minor_version_upgrade": true}),
		block("aws_dynamodb_table", "orders", m{"name": "orders", "billing_mode": "PAY_PER_REQUEST",
			"deletion_protection_enabled": true, "point_in_time_recovery": l(m{"enabled": true}),
			"server_side_encryption": l(m{"enabled": true, "kms_key_arn": ddbCustKey})}),
		block("aws_dynamodb_table", "audit", m{"name": "audit", "server_side_encryption": l(m{"enabled": true})}),
		block("aws_dynamodb_table", "events", m{"name": "events", "billing_mode": "PROVISIONED"}),
		block("aws_efs_file_system", "shared", m{"encrypted": true, "kms_key_id": efsKey, "tags": m{"Name": "shared"}}),
		block("aws_efs_backup_policy", "shared", m{"file_system_id": "aws_efs_file_system.shared",
			"backup_policy": l(m{"status": "ENABLED"})}),
		block("aws_efs_file_system", "plain", m{}),
		block("aws_network_acl", "edge", m{"vpc_id": "vpc-0a1", "tags": m{"Name": "edge"},
			"ingress": l(m{"rule_no": int64(100), "action": "allow", "protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr_block": "0.0.0.0/0"}),
			"egress":  l(m{"rule_no": int64(100), "action": "allow", "protocol": "-1", "from_port": int64(0), "to_port": int64(0), "ipv6_cidr_block": "::/0"}),
		}),
		block("aws_network_acl_rule", "no_ssh", m{"network_acl_id": "aws_network_acl.edge", "rule_number": int64(50),
			"rule_action": "deny", "protocol": "6", "from_port": int64(22), "to_port": int64(22), "cidr_block": "0.0.0.0/0"}),
	}

	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ec2Paged(srv, "DescribeSecurityGroups", strings.Replace(ec2SecurityGroupPages[0], "<ipPermissionsEgress/>",
		`<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>`+
			`<ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges><prefixListIds/></item></ipPermissionsEgress>`, 1))
	ec2Paged(srv, "DescribeVolumes", `<volumeSet><item><volumeId>vol-root</volumeId><size>8</size><availabilityZone>eu-west-1a</availabilityZone>`+
		`<status>in-use</status><volumeType>gp3</volumeType><encrypted>true</encrypted><kmsKeyId>`+ebsKey+`</kmsKeyId>`+
		`<tagSet><item><key>Name</key><value>web-root</value></item></tagSet></item></volumeSet>`)
	ec2Paged(srv, "DescribeInstances", `<reservationSet/>`)
	ec2Paged(srv, "DescribeSnapshots", `<snapshotSet/>`)
	ec2Paged(srv, "DescribeVpcs", `<vpcSet/>`)
	ec2Paged(srv, "DescribeNetworkAcls", `<networkAclSet><item><networkAclId>acl-0e1</networkAclId><vpcId>vpc-0a1</vpcId><default>false</default><entrySet>
<item><ruleNumber>100</ruleNumber><protocol>6</protocol><ruleAction>allow</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock><portRange><from>443</from><to>443</to></portRange></item>
<item><ruleNumber>50</ruleNumber><protocol>6</protocol><ruleAction>deny</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock><portRange><from>22</from><to>22</to></portRange></item>
<item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>true</egress><ipv6CidrBlock>::/0</ipv6CidrBlock></item>
<item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
</entrySet><tagSet><item><key>Name</key><value>edge</value></item></tagSet></item></networkAclSet>`)
	ec2Paged(srv, "GetEbsEncryptionByDefault", `<ebsEncryptionByDefault>false</ebsEncryptionByDefault>`)
	ec2Paged(srv, "GetEbsDefaultKmsKeyId", `<kmsKeyId>alias/aws/ebs</kmsKeyId>`)
	rdsPaged(srv, "DescribeDBInstances", map[string][]string{"": {rdsOrdersPage}})
	rdsPaged(srv, "DescribeDBInstanceAutomatedBackups", map[string][]string{"": {`<DBInstanceAutomatedBackups/>`}})
	rdsPaged(srv, "DescribeDBClusters", map[string][]string{"": {`<DBClusters/>`}})
	srv.Respond(awstest.Action("dynamodb", "ListTables"), http.StatusOK, "application/x-amz-json-1.0",
		`{"TableNames":["audit","events","orders"]}`)
	ddbJSON(srv, "dynamodb", "DescribeTable", "orders", ddbDescribe("orders", ddbARN("orders"),
		`,"BillingModeSummary":{"BillingMode":"PAY_PER_REQUEST"},"DeletionProtectionEnabled":true,`+
			`"SSEDescription":{"Status":"ENABLED","SSEType":"KMS","KMSMasterKeyArn":"`+ddbCustKey+`"}`))
	ddbJSON(srv, "dynamodb", "DescribeTable", "audit", ddbDescribe("audit", ddbARN("audit"),
		`,"SSEDescription":{"Status":"ENABLED","SSEType":"KMS","KMSMasterKeyArn":"`+ddbAWSKey+`"}`))
	ddbJSON(srv, "dynamodb", "DescribeTable", "events", ddbDescribe("events", ddbARN("events"),
		`,"BillingModeSummary":{"BillingMode":"PROVISIONED"},"DeletionProtectionEnabled":false`))
	ddbJSON(srv, "dynamodb", "DescribeContinuousBackups", "orders", `{"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED",`+
		`"PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"ENABLED","EarliestRestorableDateTime":1769904000.0,"LatestRestorableDateTime":1772366100.0}}}`)
	for _, name := range []string{"audit", "events"} {
		ddbJSON(srv, "dynamodb", "DescribeContinuousBackups", name, `{"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED",`+
			`"PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"DISABLED"}}}`)
	}
	srv.Respond(awstest.Action("dynamodb", "ListTagsOfResource"), http.StatusOK, "application/x-amz-json-1.0", `{"Tags":[]}`)
	ddbJSON(srv, "kms", "DescribeKey", ddbCustKey, `{"KeyMetadata":{"KeyId":"0f1e2d3c-cust","Arn":"`+ddbCustKey+`","KeyManager":"CUSTOMER"}}`)
	ddbJSON(srv, "kms", "DescribeKey", ddbAWSKey, `{"KeyMetadata":{"KeyId":"9a8b7c6d-aws","Arn":"`+ddbAWSKey+`","KeyManager":"AWS"}}`)
	efsReply(srv, efsPath("/2015-02-01/file-systems"), http.StatusOK, "", `{"FileSystems":[`+
		efsFileSystemJSON("fs-0a1", "shared", "true", efsKey)+`,`+efsFileSystemJSON("fs-0b2", "", "false", "")+`]}`)
	efsReply(srv, efsPath("/2015-02-01/file-systems/fs-0a1/backup-policy"), http.StatusOK, "", `{"BackupPolicy":{"Status":"ENABLED"}}`)
	efsReply(srv, efsPath("/2015-02-01/file-systems/fs-0b2/backup-policy"), http.StatusNotFound, "PolicyNotFound",
		`{"ErrorCode":"PolicyNotFound","Message":"no backup policy"}`)

	sink := NewSink(func() time.Time { return storeClock })
	for _, collect := range []func(context.Context, *Session, *Sink){collectEC2, collectRDS, collectDynamoDB, collectEFS} {
		collect(context.Background(), sess, sink)
	}
	require.Empty(t, sink.Issues(storeAccount, "eu-west-1"))
	live := map[string]inventory.Resource{}
	for _, r := range schemaValid(t, sink.Resources()) {
		live[r.ID] = r
	}
	terraform := map[string]inventory.Resource{}
	for _, r := range iacaws.Adapt(blocks) {
		terraform[r.ID] = r
	}

	for _, c := range []struct {
		tf, live string
		liveOnly []string
	}{
		{"aws_security_group.web", "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a1", nil},
		{"aws_ebs_volume.root", "arn:aws:ec2:eu-west-1:123456789012:volume/vol-root", nil},
		{"aws_db_instance.orders", "arn:aws:rds:eu-west-1:123456789012:db:orders",
			[]string{"automated_backups", "latest_restorable_time"}},
		{"aws_dynamodb_table.orders", ddbARN("orders"),
			[]string{"point_in_time_recovery.earliest_restorable_time", "point_in_time_recovery.latest_restorable_time"}},
		{"aws_dynamodb_table.audit", ddbARN("audit"),
			[]string{"point_in_time_recovery.earliest_restorable_time", "point_in_time_recovery.latest_restorable_time"}},
		{"aws_dynamodb_table.events", ddbARN("events"),
			[]string{"point_in_time_recovery.earliest_restorable_time", "point_in_time_recovery.latest_restorable_time"}},
		{"aws_efs_file_system.shared", "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0a1", nil},
		{"aws_efs_file_system.plain", "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0b2", nil},
		{"aws_network_acl.edge", "arn:aws:ec2:eu-west-1:123456789012:network-acl/acl-0e1", nil},
	} {
		t.Run(c.tf, func(t *testing.T) {
			tf, ok := terraform[c.tf]
			require.True(t, ok, "terraform resource %s", c.tf)
			lv, ok := live[c.live]
			require.True(t, ok, "live resource %s", c.live)
			assert.Equal(t, tf.Type, lv.Type)
			assert.Empty(t, tf.Unknown)
			assert.Empty(t, lv.Unknown)
			tfLeaves, liveLeaves := map[string]any{}, map[string]any{}
			storeLeaves(t, "", tf.Attributes, tfLeaves)
			storeLeaves(t, "", lv.Attributes, liveLeaves)
			for _, p := range c.liveOnly {
				assert.Contains(t, liveLeaves, p)
				assert.NotContains(t, tfLeaves, p)
				delete(liveLeaves, p)
			}
			assert.Equal(t, tfLeaves, liveLeaves)
		})
	}
}

func TestEC2InstanceWithoutEBSRootOrMetadata(t *testing.T) {
	sess := &Session{Account: storeAccount, Partition: "aws", Region: "eu-west-1"}
	sink := NewSink(nil)
	in := ec2types.Instance{InstanceId: aws.String("i-0store"), InstanceType: ec2types.InstanceTypeM5dLarge,
		RootDeviceType: ec2types.DeviceTypeInstanceStore, RootDeviceName: aws.String("/dev/sda1"),
		BlockDeviceMappings: []ec2types.InstanceBlockDeviceMapping{{DeviceName: aws.String("/dev/sdf"),
			Ebs: &ec2types.EbsInstanceBlockDevice{VolumeId: aws.String("vol-1")}}}}
	r := ec2Instance(sess, sink, in, ec2VolumeSet{"vol-1": aws.Bool(true)})
	storeAssertUnknown(t, r, "root_block_device.encrypted", "metadata_options.http_tokens", "metadata_options.http_endpoint")
	assert.Equal(t, []any{map[string]any{"device_name": "/dev/sdf", "encrypted": true}}, r.Attributes["ebs_block_devices"])
	assert.Equal(t, "m5d.large", r.Attributes["instance_type"])
	assert.Nil(t, r.Attributes["ami"])
}

func TestEC2ProtocolNormalisation(t *testing.T) {
	for in, want := range map[string]string{"tcp": "tcp", "6": "tcp", "UDP": "udp", "17": "udp", "1": "icmp",
		"icmp": "icmp", "58": "icmpv6", "icmpv6": "icmpv6", "-1": "-1", "all": "-1", "50": "50", " Esp ": "esp"} {
		assert.Equal(t, want, ec2Protocol(in), in)
	}
}
