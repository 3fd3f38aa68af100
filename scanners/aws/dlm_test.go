package aws

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// DLM speaks REST-JSON, which kumo does not emulate: every answer here is in AWS's wire format
// (Amazon Data Lifecycle Manager API Reference: GetLifecyclePolicies, GetLifecyclePolicy).

func dlmPath(path string) awstest.Matcher {
	return func(r *http.Request, op awstest.Op, _ []byte) bool {
		return op.Service == "dlm" && r.Method == http.MethodGet && r.URL.Path == path
	}
}

func dlmReply(srv *awstest.Server, m awstest.Matcher, status int, code, body string) {
	srv.Handle(m, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		if code != "" {
			w.Header().Set("X-Amzn-ErrorType", code+":http://internal.amazon.com/coral/com.amazon.coral.service/")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

const dlmPolicyDaily = `{"Policy":{"PolicyId":"policy-0aa","Description":"daily volumes","State":"ENABLED",
 "StatusMessage":"ENABLED","ExecutionRoleArn":"arn:aws:iam::123456789012:role/AWSDataLifecycleManagerDefaultRole",
 "DateCreated":"2026-01-01T00:00:00.000Z","DateModified":"2026-01-01T00:00:00.000Z",
 "PolicyArn":"arn:aws:dlm:eu-west-1:123456789012:policy/policy-0aa","DefaultPolicy":false,
 "Tags":{"owner":"platform"},
 "PolicyDetails":{"PolicyType":"EBS_SNAPSHOT_MANAGEMENT","ResourceTypes":["VOLUME"],
  "TargetTags":[{"Key":"backup","Value":"daily"}],
  "Schedules":[
   {"Name":"every 12h","CopyTags":true,
    "CreateRule":{"Interval":12,"IntervalUnit":"HOURS","Times":["09:00"]},
    "RetainRule":{"Count":14},
    "CrossRegionCopyRules":[
     {"Target":"eu-west-2","Encrypted":true,"CmkArn":"arn:aws:kms:eu-west-2:123456789012:key/k1","RetainRule":{"Interval":30,"IntervalUnit":"DAYS"}},
     {"TargetRegion":"eu-central-1","Encrypted":false}],
    "ShareRules":[{"TargetAccounts":["444455556666","111122223333"],"UnshareInterval":7,"UnshareIntervalUnit":"DAYS"}]},
   {"Name":"weekly","CreateRule":{"CronExpression":"cron(0 3 ? * SUN *)","Location":"CLOUD"},
    "RetainRule":{"Interval":2,"IntervalUnit":"MONTHS"}}]}}}`

func TestDLMPolicies(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	dlmReply(srv, dlmPath("/policies"), http.StatusOK, "", `{"Policies":[
	 {"PolicyId":"policy-0aa","Description":"daily volumes","State":"ENABLED","PolicyType":"EBS_SNAPSHOT_MANAGEMENT","DefaultPolicy":false,"Tags":{"owner":"platform"}},
	 {"PolicyId":"policy-0bb","Description":"amis","State":"DISABLED","PolicyType":"IMAGE_MANAGEMENT","DefaultPolicy":false},
	 {"PolicyId":"policy-0cc","Description":"default volumes","State":"ENABLED","PolicyType":"EBS_SNAPSHOT_MANAGEMENT","DefaultPolicy":true}]}`)
	dlmReply(srv, dlmPath("/policies/policy-0aa"), http.StatusOK, "", dlmPolicyDaily)
	dlmReply(srv, dlmPath("/policies/policy-0bb"), http.StatusForbidden, "AccessDeniedException",
		`{"Message":"User: arn:aws:iam::123456789012:user/audit is not authorized to perform: dlm:GetLifecyclePolicy"}`)
	dlmReply(srv, dlmPath("/policies/policy-0cc"), http.StatusOK, "", `{"Policy":{"PolicyId":"policy-0cc",
	 "Description":"default volumes","State":"ENABLED","DefaultPolicy":true,
	 "PolicyDetails":{"PolicyType":"EBS_SNAPSHOT_MANAGEMENT","ResourceType":"VOLUME","CreateInterval":1,"RetainInterval":7,
	  "Parameters":{"ExcludeBootVolume":true,"ExcludeDataVolumeTags":[{"Key":"scratch","Value":"true"}]}}}}`)

	sink := storeCollect(sess, collectDLM)
	policies := storeByID(t, sink, inventory.TypeDLMPolicy)
	require.Len(t, policies, 3)
	arn := func(id string) string { return "arn:aws:dlm:eu-west-1:123456789012:policy/" + id }

	daily := policies[arn("policy-0aa")]
	assert.Equal(t, "daily volumes", daily.Name)
	assert.Equal(t, map[string]string{"owner": "platform"}, daily.Tags)
	assert.Equal(t, "dlm:GetLifecyclePolicies", daily.Source.API)
	assert.Empty(t, daily.Unknown)
	got, err := json.Marshal(daily.Attributes)
	require.NoError(t, err)
	assert.JSONEq(t, `{
	 "policy_id": "policy-0aa", "description": "daily volumes", "state": "ENABLED",
	 "execution_role_arn": "arn:aws:iam::123456789012:role/AWSDataLifecycleManagerDefaultRole",
	 "policy_type": "EBS_SNAPSHOT_MANAGEMENT", "default_policy": null, "parameters": null,
	 "resource_types": ["VOLUME"], "resource_locations": ["CLOUD"], "target_tags": {"backup": "daily"},
	 "schedules": [
	  {"name": "every 12h",
	   "create_rule": {"interval": 12, "interval_unit": "HOURS", "times": ["09:00"], "cron_expression": null, "location": "CLOUD"},
	   "retain_rule": {"count": 14, "interval": null, "interval_unit": null},
	   "cross_region_copy_rules": [
	    {"target": "eu-central-1", "encrypted": false, "cmk_arn": null, "retain_rule": null},
	    {"target": "eu-west-2", "encrypted": true, "cmk_arn": "arn:aws:kms:eu-west-2:123456789012:key/k1",
	     "retain_rule": {"count": null, "interval": 30, "interval_unit": "DAYS"}}],
	   "share_rules": [{"target_accounts": ["111122223333", "444455556666"], "unshare_interval": 7, "unshare_interval_unit": "DAYS"}]},
	  {"name": "weekly",
	   "create_rule": {"interval": null, "interval_unit": null, "times": [], "cron_expression": "cron(0 3 ? * SUN *)", "location": "CLOUD"},
	   "retain_rule": {"count": null, "interval": 2, "interval_unit": "MONTHS"},
	   "cross_region_copy_rules": [], "share_rules": []}]}`, string(got))

	// A denied GetLifecyclePolicy leaves what the list told, and the rest unknown: never an empty policy.
	denied := policies[arn("policy-0bb")]
	assert.Equal(t, "DISABLED", denied.Attributes["state"])
	assert.Equal(t, "IMAGE_MANAGEMENT", denied.Attributes["policy_type"])
	storeAssertUnknown(t, denied, "execution_role_arn", "resource_types", "resource_locations", "target_tags", "parameters", "schedules")
	is := storeIssue(t, sink, sess, "GetLifecyclePolicy")
	assert.Equal(t, CodeAccessDenied, is.Code)
	assert.Equal(t, "dlm", is.Service)
	assert.Equal(t, "eu-west-1", is.Region)
	assert.True(t, strings.Contains(is.Message, "AccessDeniedException"), is.Message)

	// A default policy says which kind it is.
	def := policies[arn("policy-0cc")]
	assert.Equal(t, "VOLUME", def.Attributes["default_policy"])
	assert.Equal(t, map[string]any{"exclude_boot_volume": true, "exclude_data_volume_tags": map[string]any{"scratch": "true"}},
		def.Attributes["parameters"])
	assert.Equal(t, []any{}, def.Attributes["schedules"])

	assert.Equal(t, 1+3, srv.Calls()[awstest.Op{Service: "dlm"}], "one list, one read per policy")
}

func TestDLMListDenied(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "us-east-1")
	dlmReply(srv, dlmPath("/policies"), http.StatusForbidden, "AccessDeniedException",
		`{"Message":"not authorized to perform: dlm:GetLifecyclePolicies"}`)
	sink := storeCollect(sess, collectDLM)
	assert.Empty(t, storeByID(t, sink, inventory.TypeDLMPolicy))
	is := storeIssue(t, sink, sess, "GetLifecyclePolicies")
	assert.Equal(t, inventory.Issue{Code: CodeAccessDenied, Message: is.Message, Service: "dlm",
		API: "GetLifecyclePolicies", Region: "us-east-1"}, is)
}

// TestDLMReachesDR collects a DLM policy (AWS-format handlers) and the EC2 volumes and instances it
// protects (DescribeVolumes, DescribeInstances in the EC2 wire format), and judges their DR posture from
// what was collected, at storeClock (Sun 1 Mar 2026 12:00 UTC). The policy targets instances tagged
// backup = nightly, daily at 02:00 UTC: 24h + DLM's 60m start window = 1500m ≤ 26h; it keeps the last 7
// (7 × 24h = 7d) and copies each to eu-west-2 for 14 days. The data volume has no backup tag: it is
// protected through the instance it is attached to (DescribeVolumes' attachments). The source is live,
// so the configured copy would have to be demonstrated, which AWS Backup evidence cannot do for DLM.
func TestDLMReachesDR(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	dlmReply(srv, dlmPath("/policies"), http.StatusOK, "", `{"Policies":[{"PolicyId":"policy-0n1","Description":"nightly instances",
	 "State":"ENABLED","PolicyType":"EBS_SNAPSHOT_MANAGEMENT","DefaultPolicy":false}]}`)
	dlmReply(srv, dlmPath("/policies/policy-0n1"), http.StatusOK, "", `{"Policy":{"PolicyId":"policy-0n1",
	 "Description":"nightly instances","State":"ENABLED","DefaultPolicy":false,
	 "PolicyArn":"arn:aws:dlm:eu-west-1:123456789012:policy/policy-0n1",
	 "PolicyDetails":{"PolicyType":"EBS_SNAPSHOT_MANAGEMENT","ResourceTypes":["INSTANCE"],"ResourceLocations":["CLOUD"],
	  "TargetTags":[{"Key":"backup","Value":"nightly"}],
	  "Schedules":[{"Name":"nightly","CreateRule":{"CronExpression":"cron(0 2 * * ? *)"},"RetainRule":{"Count":7},
	   "CrossRegionCopyRules":[{"Target":"eu-west-2","Encrypted":true,"RetainRule":{"Interval":14,"IntervalUnit":"DAYS"}}]}]}}}`)
	ec2Paged(srv, "DescribeVolumes", `<volumeSet>
<item><volumeId>vol-data</volumeId><size>100</size><availabilityZone>eu-west-1a</availabilityZone><status>in-use</status><createTime>2026-01-01T00:00:00.000Z</createTime><volumeType>gp3</volumeType><encrypted>true</encrypted>
 <tagSet><item><key>dr-tier</key><value>gold</value></item></tagSet>
 <attachmentSet><item><volumeId>vol-data</volumeId><instanceId>i-0n1</instanceId><device>/dev/sdf</device><status>attached</status></item></attachmentSet></item>
</volumeSet>`)
	ec2Paged(srv, "DescribeInstances", `<reservationSet><item><reservationId>r-0n1</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>
<item><instanceId>i-0n1</instanceId><imageId>ami-0abc</imageId><instanceState><code>16</code><name>running</name></instanceState>
 <instanceType>t3.micro</instanceType><rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName>
 <blockDeviceMapping><item><deviceName>/dev/sdf</deviceName><ebs><volumeId>vol-data</volumeId><status>attached</status></ebs></item></blockDeviceMapping>
 <metadataOptions><state>applied</state><httpTokens>required</httpTokens><httpEndpoint>enabled</httpEndpoint></metadataOptions>
 <tagSet><item><key>backup</key><value>nightly</value></item><item><key>dr-tier</key><value>gold</value></item></tagSet>
</item></instancesSet></item></reservationSet>`)

	sink := storeCollect(sess, collectDLM)
	c := ec2.NewFromConfig(sess.Cfg)
	ec2Instances(context.Background(), c, sess, sink, ec2Volumes(context.Background(), c, sess, sink))
	require.Empty(t, sink.Issues(storeAccount, "eu-west-1"))
	inv := inventory.New()
	inv.Sources = []inventory.Source{{Kind: inventory.SourceAWS, Path: storeAccount + "/eu-west-1"}}
	inv.Resources = schemaValid(t, sink.Resources())
	inv.Normalize()

	rpo26h, err := config.ParseObjectiveDuration("26h")
	require.NoError(t, err)
	week, err := config.ParseObjectiveDuration("10d")
	require.NoError(t, err)
	decl := config.DR{Tiers: []config.DRTier{{Name: "gold", RPO: &config.DurationObjective{Value: rpo26h, Text: "26h"},
		MinRetention:    &config.DurationObjective{Value: week, Text: "10d"},
		CrossRegionCopy: &config.CopyObjective{Required: true}}}}
	p, diags := dr.Evaluate(decl, inv, storeClock)
	require.Empty(t, diags)
	got := map[string]map[string]dr.ObjectiveResult{}
	for _, r := range p.Resources {
		got[r.Resource] = r.Objectives
	}
	const (
		volume   = "arn:aws:ec2:eu-west-1:123456789012:volume/vol-data"
		instance = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0n1"
	)
	require.Contains(t, got, volume)
	require.Contains(t, got, instance)
	for id, protection := range map[string]string{instance: "dlm:policy-0n1/nightly", volume: "dlm:policy-0n1/nightly via " + instance} {
		rpo := got[id][dr.ObjectiveRPO]
		assert.Equal(t, dr.ObjectivePass, rpo.Status, "%s: %s", id, rpo.Reason)
		require.NotNil(t, rpo.AchievedMinutes, id)
		assert.Equal(t, int64(1500), *rpo.AchievedMinutes, id)
		assert.Equal(t, protection, rpo.Protection, id)
		ret := got[id][dr.ObjectiveMinRetention]
		assert.Equal(t, dr.ObjectivePass, ret.Status, id)
		assert.Equal(t, "14d", ret.Achieved, "the copy's 14 days beat 7 × 24h: %s", id)
		// Configured, but a live collection must demonstrate a copy, and DLM copies are EBS snapshots,
		// not the AWS Backup copy jobs and recovery points the live evidence reads: unknown, never a pass.
		region := got[id][dr.ObjectiveCrossRegionCopy]
		assert.Equal(t, dr.ObjectiveUnknown, region.Status, id)
		assert.Equal(t, "eu-west-2", region.Achieved, id)
		assert.Contains(t, region.Reason, "made by DLM (EBS snapshots)", id)
	}
}
