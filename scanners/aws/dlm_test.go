package aws

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
