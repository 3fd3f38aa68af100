package aws

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// colKumoAccount is the account kumo answers every GetCallerIdentity with.
const colKumoAccount = "000000000000"

var colNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// colOptions points a collection at the emulator, with fast retries.
func colOptions(srv *awstest.Server, regions ...string) Options {
	cfg := srv.Config("eu-west-1")
	return Options{
		BaseConfig: &cfg, Regions: regions, MaxAttempts: 2, CallTimeout: 5 * time.Second,
		Now:     func() time.Time { return colNow },
		backoff: retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil }),
	}
}

// colSTSXML wraps a query-protocol result the way STS answers.
func colSTSXML(op, result string) string {
	return `<` + op + `Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><` + op + `Result>` + result +
		`</` + op + `Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></` + op + `Response>`
}

// colEC2Deny makes EC2 operations fail with UnauthorizedOperation, in EC2's own error format.
func colEC2Deny(srv *awstest.Server, m awstest.Matcher) {
	srv.Respond(m, http.StatusForbidden, "text/xml", `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r1</RequestID></Response>`)
}

// colAccessKey returns the access key id a request was signed with.
func colAccessKey(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	i := strings.Index(auth, "Credential=")
	if i < 0 {
		return ""
	}
	return strings.SplitN(auth[i+len("Credential="):], "/", 2)[0]
}

// colRegion returns the region of a request's credential scope.
func colRegion(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	i := strings.Index(auth, "Credential=")
	if i < 0 {
		return ""
	}
	parts := strings.Split(strings.SplitN(auth[i+len("Credential="):], ",", 2)[0], "/")
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

// colMultiAccount makes STS behave like several accounts: AssumeRole of a role in account N returns
// keys "ASIA"+N, and GetCallerIdentity answers with the account of the signing key (kumo's account
// for the base credentials). Roles in the denied accounts cannot be assumed. It returns the
// AssumeRole requests' forms.
func colMultiAccount(srv *awstest.Server, denied ...string) *[]url.Values {
	var assumed []url.Values
	srv.Handle(awstest.Action("sts", "AssumeRole"), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		form, _ := url.ParseQuery(string(body))
		assumed = append(assumed, form)
		arn := form.Get("RoleArn")
		account := strings.Split(arn, ":")[4]
		for _, d := range denied {
			if d == account {
				w.Header().Set("Content-Type", "text/xml")
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole on `+arn+`</Message></Error><RequestId>r1</RequestId></ErrorResponse>`)
				return
			}
		}
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, colSTSXML("AssumeRole", `<Credentials><AccessKeyId>ASIA`+account+`</AccessKeyId><SecretAccessKey>s</SecretAccessKey>`+
			`<SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>`+
			`<AssumedRoleUser><Arn>arn:aws:sts::`+account+`:assumed-role/`+strings.Split(arn, "/")[1]+`/`+form.Get("RoleSessionName")+
			`</Arn><AssumedRoleId>AROA1:vigil</AssumedRoleId></AssumedRoleUser>`))
	})
	srv.Handle(awstest.Action("sts", "GetCallerIdentity"), func(w http.ResponseWriter, r *http.Request, _ []byte) {
		account, arn := colKumoAccount, "arn:aws:iam::"+colKumoAccount+":user/auditor"
		if key := colAccessKey(r); strings.HasPrefix(key, "ASIA") {
			account = strings.TrimPrefix(key, "ASIA")
			arn = "arn:aws:sts::" + account + ":assumed-role/VigilAuditReadOnly/vigil-audit"
		}
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, colSTSXML("GetCallerIdentity", `<Arn>`+arn+`</Arn><UserId>AIDA1</UserId><Account>`+account+`</Account>`))
	})
	return &assumed
}

func colSourcePaths(inv *inventory.Inventory) []string {
	var out []string
	for _, s := range inv.Sources {
		out = append(out, s.Path)
	}
	return out
}

func colSource(t *testing.T, inv *inventory.Inventory, path string) inventory.Source {
	t.Helper()
	for _, s := range inv.Sources {
		if s.Path == path {
			return s
		}
	}
	require.Failf(t, "no source", "%s not in %v", path, colSourcePaths(inv))
	return inventory.Source{}
}

func colAccount(t *testing.T, inv *inventory.Inventory, account string) inventory.Resource {
	t.Helper()
	for _, r := range inv.Resources {
		if r.Type == inventory.TypeAccount && r.Account == account {
			return r
		}
	}
	require.Failf(t, "no aws.account", "account %s", account)
	return inventory.Resource{}
}

func TestCollectOneAccount(t *testing.T) {
	srv := awstest.New(t)
	opts := colOptions(srv, "eu-west-1", "eu-central-1")
	opts.Services = []string{"sts", "organizations"}
	var progress bytes.Buffer
	opts.Progress = &progress

	inv, sum, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	schemaValid(t, inv.Resources)
	assert.Equal(t, inventory.SchemaVersion, inv.Schema)
	require.NotNil(t, inv.GeneratedAt)
	assert.Equal(t, colNow, *inv.GeneratedAt)
	assert.Equal(t, []string{colKumoAccount + "/eu-central-1", colKumoAccount + "/eu-west-1"}, colSourcePaths(inv))
	for _, s := range inv.Sources {
		assert.Equal(t, inventory.SourceAWS, s.Kind)
		assert.True(t, s.Complete(), "%s: %v", s.Path, s.Errors)
	}
	assert.True(t, inv.Complete())
	home := colSource(t, inv, colKumoAccount+"/eu-west-1")
	assert.Contains(t, home.Notes, "1 resources (aws.account 1)")
	assert.Contains(t, home.Notes, "home region: account-wide services collected here (organizations, sts)")
	assert.Contains(t, home.Notes, "read as arn:aws:iam::000000000000:root")
	assert.Contains(t, colSource(t, inv, colKumoAccount+"/eu-central-1").Notes, "0 resources")

	acct := colAccount(t, inv, colKumoAccount)
	assert.Equal(t, "arn:aws:iam::000000000000:root", acct.ID)
	assert.Equal(t, "000000000000", acct.Attributes["account_id"])
	assert.Equal(t, "aws", acct.Attributes["partition"])
	assert.Equal(t, "arn:aws:iam::000000000000:root", acct.Attributes["audit_principal"])
	assert.Equal(t, map[string]any{"enabled": false, "id": nil, "management_account_id": nil,
		"management_account": false, "feature_set": nil}, acct.Attributes["organization"],
		"kumo's account is in no organization: a known fact, not a failure")
	assert.Empty(t, acct.Unknown)

	assert.Equal(t, []string{colKumoAccount}, sum.Accounts)
	assert.Equal(t, []string{"eu-central-1", "eu-west-1"}, sum.Regions)
	assert.Equal(t, map[string]int{inventory.TypeAccount: 1}, sum.Resources)
	assert.Empty(t, sum.Failed)
	assert.False(t, sum.Canceled)
	assert.Equal(t, CallStats{Calls: 2}, sum.Calls[Call{"STS", "GetCallerIdentity"}], "the caller's identity, then the sts collector")
	assert.Equal(t, CallStats{Calls: 1, Errors: 1}, sum.Calls[Call{"Organizations", "DescribeOrganization"}],
		"an error, but an answer")
	assert.True(t, sum.Collected(), "DescribeOrganization answered (not in an organization)")

	assert.Contains(t, progress.String(), "\rvigil: 1 account(s), 1 account×region: 2/2 service collections done (0 running), 1 resources")
	assert.True(t, strings.HasSuffix(progress.String(), "\n"))
}

func TestCollectEnabledRegions(t *testing.T) {
	srv := awstest.New(t)
	srv.Respond(awstest.Action("ec2", "DescribeRegions"), http.StatusOK, "text/xml",
		`<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><regionInfo>
<item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>
<item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>
<item><regionName>af-south-1</regionName><regionEndpoint>ec2.af-south-1.amazonaws.com</regionEndpoint><optInStatus>opted-in</optInStatus></item>
<item><regionName>ap-east-1</regionName><regionEndpoint>ec2.ap-east-1.amazonaws.com</regionEndpoint><optInStatus>not-opted-in</optInStatus></item>
</regionInfo></DescribeRegionsResponse>`)
	opts := colOptions(srv)
	opts.Services = []string{"sts"}

	inv, sum, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	schemaValid(t, inv.Resources)
	assert.Equal(t, []string{colKumoAccount + "/af-south-1", colKumoAccount + "/eu-west-1", colKumoAccount + "/us-east-1"}, colSourcePaths(inv),
		"enabled regions only; ap-east-1 is not opted in")
	assert.Equal(t, "", colAccount(t, inv, colKumoAccount).Region)
	assert.Contains(t, colSource(t, inv, colKumoAccount+"/eu-west-1").Notes, "home region: account-wide services collected here (sts)",
		"the configured region is home when it is collected")
	assert.Equal(t, 1, sum.Calls[Call{"EC2", "DescribeRegions"}].Calls)

	t.Run("denied falls back to the configured region", func(t *testing.T) {
		srv := awstest.New(t)
		colEC2Deny(srv, awstest.Action("ec2", "DescribeRegions"))
		opts := colOptions(srv)
		opts.Services = []string{"sts"}
		inv, sum, err := Collect(context.Background(), opts)
		require.NoError(t, err)
		schemaValid(t, inv.Resources)
		assert.Equal(t, []string{colKumoAccount + "/eu-west-1"}, colSourcePaths(inv))
		src := colSource(t, inv, colKumoAccount+"/eu-west-1")
		require.Len(t, src.Errors, 1)
		assert.Equal(t, inventory.Issue{Code: CodeAccessDenied, Service: "ec2", API: "DescribeRegions", Region: "eu-west-1",
			Message: src.Errors[0].Message}, src.Errors[0])
		assert.Contains(t, src.Notes, "the account's enabled regions could not be listed: only eu-west-1 was collected")
		assert.False(t, inv.Complete())
		require.Len(t, sum.Failed, 1)
		assert.Equal(t, "DescribeRegions", sum.Failed[0].API)
	})
}

func TestCollectAccountsAssumesRoles(t *testing.T) {
	srv := awstest.New(t)
	assumed := colMultiAccount(srv, "222222222222")
	opts := colOptions(srv, "eu-west-1")
	opts.Services = []string{"sts"}
	opts.Accounts = []string{"222222222222", colKumoAccount, "111111111111"}
	opts.ExternalID = "ext-42"

	inv, sum, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	schemaValid(t, inv.Resources)
	assert.Equal(t, []string{colKumoAccount + "/eu-west-1", "111111111111/eu-west-1", "222222222222/eu-west-1"}, colSourcePaths(inv))

	require.Len(t, *assumed, 2, "a role in each account but the caller's own")
	for _, form := range *assumed {
		assert.Equal(t, "vigil-audit", form.Get("RoleSessionName"))
		assert.Equal(t, "ext-42", form.Get("ExternalId"))
	}
	roles := []string{(*assumed)[0].Get("RoleArn"), (*assumed)[1].Get("RoleArn")}
	assert.ElementsMatch(t, []string{"arn:aws:iam::111111111111:role/VigilAuditReadOnly", "arn:aws:iam::222222222222:role/VigilAuditReadOnly"}, roles)

	assert.Equal(t, "arn:aws:sts::111111111111:assumed-role/VigilAuditReadOnly/vigil-audit",
		colAccount(t, inv, "111111111111").Attributes["audit_principal"], "collected with the assumed role's credentials")
	assert.Equal(t, "arn:aws:iam::000000000000:user/auditor", colAccount(t, inv, colKumoAccount).Attributes["audit_principal"])
	assert.True(t, colSource(t, inv, "111111111111/eu-west-1").Complete())

	denied := colSource(t, inv, "222222222222/eu-west-1")
	require.Len(t, denied.Errors, 1)
	assert.Equal(t, CodeAccessDenied, denied.Errors[0].Code)
	assert.Equal(t, "sts", denied.Errors[0].Service)
	assert.Equal(t, "AssumeRole", denied.Errors[0].API)
	assert.Contains(t, denied.Errors[0].Message, "arn:aws:iam::222222222222:role/VigilAuditReadOnly")
	assert.Contains(t, denied.Notes, "role arn:aws:iam::222222222222:role/VigilAuditReadOnly could not be assumed: nothing was collected in this account")
	for _, r := range inv.Resources {
		assert.NotEqual(t, "222222222222", r.Account)
	}
	assert.Equal(t, []string{colKumoAccount, "111111111111", "222222222222"}, sum.Accounts)
}

// colOrgJSON answers an Organizations (JSON 1.1) operation.
func colOrgJSON(srv *awstest.Server, action string, fn func(body []byte) string) {
	srv.Handle(awstest.Action("organizations", action), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		fmt.Fprint(w, fn(body))
	})
}

// colTwoPageAccounts answers ListAccounts in two pages: the management account and a member, then a
// suspended account and a second member.
func colTwoPageAccounts(srv *awstest.Server) {
	colOrgJSON(srv, "ListAccounts", func(body []byte) string {
		if !strings.Contains(string(body), `"NextToken":"page2"`) {
			return `{"Accounts":[
{"Id":"000000000000","Arn":"arn:aws:organizations::000000000000:account/o-abc/000000000000","Name":"management","Email":"root@example.com","Status":"ACTIVE","State":"ACTIVE","JoinedMethod":"INVITED","JoinedTimestamp":1.6e9},
{"Id":"111111111111","Arn":"arn:aws:organizations::000000000000:account/o-abc/111111111111","Name":"prod","Email":"prod@example.com","Status":"ACTIVE","JoinedMethod":"CREATED","JoinedTimestamp":1.7e9}],
"NextToken":"page2"}`
		}
		return `{"Accounts":[
{"Id":"333333333333","Arn":"arn:aws:organizations::000000000000:account/o-abc/333333333333","Name":"old","Email":"old@example.com","Status":"SUSPENDED","State":"SUSPENDED","JoinedMethod":"CREATED"},
{"Id":"222222222222","Arn":"arn:aws:organizations::000000000000:account/o-abc/222222222222","Name":"dev","Email":"dev@example.com","State":"ACTIVE","JoinedMethod":"CREATED"}]}`
	})
}

func TestCollectOrg(t *testing.T) {
	srv := awstest.New(t)
	colMultiAccount(srv)
	colTwoPageAccounts(srv)
	opts := colOptions(srv, "eu-west-1")
	opts.Services = []string{"sts"}
	opts.Org = true
	opts.AssumeRoleName = "audit/Reader"

	inv, sum, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	schemaValid(t, inv.Resources)
	assert.Equal(t, []string{colKumoAccount + "/eu-west-1", "111111111111/eu-west-1", "222222222222/eu-west-1"}, colSourcePaths(inv),
		"ACTIVE accounts of both pages; the suspended one is left out")
	assert.True(t, inv.Complete())
	assert.Equal(t, 2, sum.Calls[Call{"Organizations", "ListAccounts"}].Calls)
	assert.Equal(t, 2, sum.Calls[Call{"STS", "AssumeRole"}].Calls)

	t.Run("not in an organization", func(t *testing.T) {
		srv := awstest.New(t)
		opts := colOptions(srv, "eu-west-1")
		opts.Org = true
		_, _, err := Collect(context.Background(), opts)
		require.ErrorContains(t, err, "--org: the caller's account belongs to no organization")
	})
}

func TestOrganizationsCollector(t *testing.T) {
	t.Run("management account", func(t *testing.T) {
		srv := awstest.New(t)
		colOrgJSON(srv, "DescribeOrganization", func([]byte) string {
			return `{"Organization":{"Id":"o-abc","Arn":"arn:aws:organizations::000000000000:organization/o-abc","FeatureSet":"ALL",
"MasterAccountId":"000000000000","MasterAccountArn":"arn:aws:organizations::000000000000:account/o-abc/000000000000","MasterAccountEmail":"root@example.com"}}`
		})
		colTwoPageAccounts(srv)
		colOrgJSON(srv, "ListTagsForResource", func(body []byte) string {
			if strings.Contains(string(body), "111111111111") {
				return `{"Tags":[{"Key":"dr-tier","Value":"critical"},{"Key":"env","Value":"prod"}]}`
			}
			return `{"Tags":[]}`
		})
		srv.Handle(func(_ *http.Request, op awstest.Op, body []byte) bool {
			return op.Service == "organizations" && op.Action == "ListTagsForResource" && strings.Contains(string(body), "222222222222")
		}, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"__type":"AccessDeniedException","Message":"not authorized"}`)
		})

		sess := colSession(srv)
		sink := NewSink(func() time.Time { return colNow })
		collectOrganizations(context.Background(), sess, sink)

		byID := map[string]inventory.Resource{}
		for _, r := range schemaValid(t, sink.Resources()) {
			byID[r.ID] = r
		}
		acct := byID["arn:aws:iam::000000000000:root"]
		assert.Equal(t, map[string]any{"enabled": true, "id": "o-abc", "management_account_id": "000000000000",
			"management_account": true, "feature_set": "ALL"}, acct.Attributes["organization"])

		prod := byID["arn:aws:organizations::000000000000:account/o-abc/111111111111"]
		assert.Equal(t, inventory.TypeOrganizationsAccount, prod.Type)
		assert.Equal(t, "prod", prod.Name)
		assert.Equal(t, "000000000000", prod.Account)
		assert.Equal(t, "", prod.Region)
		assert.Equal(t, map[string]any{"id": "111111111111", "name": "prod", "email": "prod@example.com", "state": "ACTIVE",
			"joined_method": "CREATED", "joined_at": "2023-11-14T22:13:20Z", "management_account": false}, prod.Attributes)
		assert.Equal(t, map[string]string{"dr-tier": "critical", "env": "prod"}, prod.Tags)
		assert.Empty(t, prod.Unknown)
		assert.Equal(t, "organizations:ListAccounts", prod.Source.API)

		assert.Equal(t, true, byID["arn:aws:organizations::000000000000:account/o-abc/000000000000"].Attributes["management_account"])
		assert.Equal(t, "SUSPENDED", byID["arn:aws:organizations::000000000000:account/o-abc/333333333333"].Attributes["state"])
		assert.Nil(t, byID["arn:aws:organizations::000000000000:account/o-abc/333333333333"].Attributes["joined_at"])

		dev := byID["arn:aws:organizations::000000000000:account/o-abc/222222222222"]
		assert.Equal(t, []string{"tags"}, dev.Unknown, "tags unreadable: unknown, not empty")
		issues := sink.Issues(colKumoAccount, "eu-west-1")
		require.Len(t, issues, 1)
		assert.Equal(t, inventory.Issue{Code: CodeAccessDenied, Service: "organizations", API: "ListTagsForResource",
			Region: "eu-west-1", Message: issues[0].Message}, issues[0])
		assert.Len(t, sink.Resources(), 5, "four accounts of two pages and aws.account")
	})

	t.Run("member account", func(t *testing.T) {
		srv := awstest.New(t)
		colOrgJSON(srv, "DescribeOrganization", func([]byte) string {
			return `{"Organization":{"Id":"o-abc","FeatureSet":"CONSOLIDATED_BILLING","MasterAccountId":"999999999999"}}`
		})
		sink := NewSink(nil)
		collectOrganizations(context.Background(), colSession(srv), sink)
		res := schemaValid(t, sink.Resources())
		require.Len(t, res, 1, "a member account does not list its organization")
		assert.Equal(t, map[string]any{"enabled": true, "id": "o-abc", "management_account_id": "999999999999",
			"management_account": false, "feature_set": "CONSOLIDATED_BILLING"}, res[0].Attributes["organization"])
		assert.Zero(t, srv.Calls()[awstest.Op{Service: "organizations", Action: "ListAccounts"}])
	})

	t.Run("access denied", func(t *testing.T) {
		srv := awstest.New(t)
		srv.DenyJSON(awstest.Action("organizations", "DescribeOrganization"), "AccessDeniedException", http.StatusBadRequest)
		sink := NewSink(nil)
		collectOrganizations(context.Background(), colSession(srv), sink)
		res := schemaValid(t, sink.Resources())
		require.Len(t, res, 1)
		assert.Equal(t, []string{"organization"}, res[0].Unknown)
		assert.NotContains(t, res[0].Attributes, "organization", "unreadable: absent, never defaulted")
		issues := sink.Issues(colKumoAccount, "eu-west-1")
		require.Len(t, issues, 1)
		assert.Equal(t, CodeAccessDenied, issues[0].Code)
		assert.Equal(t, "DescribeOrganization", issues[0].API)
	})

	t.Run("throttled then answered", func(t *testing.T) {
		srv := awstest.New(t)
		var calls atomic.Int32
		srv.Handle(awstest.Action("organizations", "DescribeOrganization"), func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			if calls.Add(1) == 1 {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"__type":"TooManyRequestsException","Message":"Rate exceeded"}`)
				return
			}
			fmt.Fprint(w, `{"Organization":{"Id":"o-abc","FeatureSet":"ALL","MasterAccountId":"999999999999"}}`)
		})
		sink := NewSink(nil)
		collectOrganizations(context.Background(), colSession(srv), sink)
		assert.Equal(t, int32(2), calls.Load(), "retried")
		assert.Empty(t, sink.Issues(colKumoAccount, "eu-west-1"))
		assert.Equal(t, "o-abc", sink.Resources()[0].Attributes["organization"].(map[string]any)["id"])
	})
}

// colSession is a home session on the emulator with Collect's transport settings (fast retries).
func colSession(srv *awstest.Server) *Session {
	opts := colOptions(srv).withDefaults()
	cfg, err := baseConfig(context.Background(), opts, newCallRecorder())
	if err != nil {
		panic(err)
	}
	return &Session{Cfg: cfg, Account: colKumoAccount, Partition: "aws", Region: "eu-west-1", CustomEndpoint: true, Home: true}
}

// colProbe is a regional collector that reads the VPCs of its region (one EC2 call) and records
// one resource when it can.
func colProbe(service string) ServiceCollector {
	return ServiceCollector{Service: service, Collect: func(ctx context.Context, sess *Session, sink *Sink) {
		if _, err := ec2.NewFromConfig(sess.Cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}); err != nil {
			sink.Fail(sess, service, "DescribeVpcs", err)
			return
		}
		sink.Add(sink.NewResource(sess, sess.ARN(service, sess.Region, "probe/1"), inventory.TypeEC2VPC, "probe", service+":DescribeVpcs"))
	}}
}

// colPure records one resource without any call.
func colPure(service string) ServiceCollector {
	return ServiceCollector{Service: service, Collect: func(_ context.Context, sess *Session, sink *Sink) {
		sink.Add(sink.NewResource(sess, sess.ARN(service, sess.Region, "thing/1"), inventory.TypeEC2VPC, "thing", service))
	}}
}

func TestCollectRegionTimesOut(t *testing.T) {
	srv := awstest.New(t)
	srv.Handle(func(r *http.Request, _ awstest.Op, _ []byte) bool { return colRegion(r) == "eu-central-1" },
		func(_ http.ResponseWriter, r *http.Request, _ []byte) {
			select { // longer than the call timeout: the client gives up first
			case <-time.After(10 * time.Second):
			case <-r.Context().Done():
			}
		})
	opts := colOptions(srv, "eu-west-1", "eu-central-1")
	opts.CallTimeout = 200 * time.Millisecond
	opts.collectors = []ServiceCollector{colProbe("probe")}

	start := time.Now()
	inv, sum, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	schemaValid(t, inv.Resources)
	assert.Less(t, time.Since(start), 5*time.Second)

	assert.True(t, colSource(t, inv, colKumoAccount+"/eu-west-1").Complete())
	slow := colSource(t, inv, colKumoAccount+"/eu-central-1")
	require.Len(t, slow.Errors, 1)
	assert.Equal(t, CodeTimeout, slow.Errors[0].Code, slow.Errors[0].Message)
	assert.Equal(t, "probe", slow.Errors[0].Service)
	assert.Equal(t, "DescribeVpcs", slow.Errors[0].API)
	assert.Equal(t, "eu-central-1", slow.Errors[0].Region)
	assert.Equal(t, map[string]int{inventory.TypeEC2VPC: 1}, sum.Resources, "the other region's resource is kept")
	assert.Equal(t, 3, srv.Calls()[awstest.Op{Service: "ec2", Action: "DescribeVpcs"}], "one call in eu-west-1, two attempts in eu-central-1")
}

func TestCollectServiceDenied(t *testing.T) {
	srv := awstest.New(t)
	colEC2Deny(srv, func(_ *http.Request, op awstest.Op, _ []byte) bool { return op.Service == "ec2" })
	opts := colOptions(srv, "eu-west-1", "eu-central-1")
	opts.collectors = []ServiceCollector{colProbe("probe"), colPure("other")}

	inv, sum, err := Collect(context.Background(), opts)
	require.NoError(t, err, "a denied service makes the inventory incomplete, not the collection fail")
	assert.False(t, inv.Complete())
	for _, region := range []string{"eu-central-1", "eu-west-1"} {
		src := colSource(t, inv, colKumoAccount+"/"+region)
		require.Len(t, src.Errors, 1, region)
		assert.Equal(t, inventory.Issue{Code: CodeAccessDenied, Service: "probe", API: "DescribeVpcs", Region: region,
			Message: src.Errors[0].Message}, src.Errors[0])
	}
	require.Len(t, sum.Failed, 2)
	assert.Equal(t, FailedCall{Account: colKumoAccount, Region: "eu-central-1", Service: "probe", API: "DescribeVpcs",
		Code: CodeAccessDenied, Message: sum.Failed[0].Message, Count: 1}, sum.Failed[0])
	assert.Equal(t, 2, sum.Resources[inventory.TypeEC2VPC], "the other service's resources")
	assert.False(t, sum.Collected(), "the only calls made were denied (the other collector makes none)")
	assert.Equal(t, CallStats{Calls: 2, Errors: 2, Unanswered: 2}, sum.Calls[Call{"EC2", "DescribeVpcs"}])

	var out bytes.Buffer
	require.NoError(t, sum.Write(&out))
	assert.Contains(t, out.String(), "AWS: 2 resources collected from 1 account(s) × 2 region(s)")
	assert.Contains(t, out.String(), "  aws.ec2.vpc")
	assert.Contains(t, out.String(), "2 call(s) failed")
	assert.Contains(t, out.String(), "  000000000000 eu-west-1  probe DescribeVpcs: AccessDenied — ")
}

func TestCollectThrottledPastMaxAttempts(t *testing.T) {
	srv := awstest.New(t)
	srv.Respond(awstest.Action("ec2", "DescribeVpcs"), http.StatusServiceUnavailable, "text/xml", `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>`)
	opts := colOptions(srv, "eu-west-1") // 2 attempts: after a throttle, adaptive mode waits ~2s for a token
	opts.collectors = []ServiceCollector{colProbe("probe")}

	inv, sum, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	schemaValid(t, inv.Resources)
	src := colSource(t, inv, colKumoAccount+"/eu-west-1")
	require.Len(t, src.Errors, 1)
	assert.Equal(t, CodeThrottling, src.Errors[0].Code)
	assert.Equal(t, 2, srv.Calls()[awstest.Op{Service: "ec2", Action: "DescribeVpcs"}], "retried up to --max-attempts")
	assert.Equal(t, CallStats{Calls: 1, Errors: 1, Unanswered: 1}, sum.Calls[Call{"EC2", "DescribeVpcs"}], "one operation, two attempts")
}

// TestCollectRealServiceDenied denies a whole service to a real collector: each region's source records
// it, and the other regions and services are unaffected.
func TestCollectRealServiceDenied(t *testing.T) {
	srv := awstest.New(t)
	srv.DenyJSON(func(_ *http.Request, op awstest.Op, _ []byte) bool { return op.Service == "dynamodb" },
		"AccessDeniedException", http.StatusBadRequest)
	opts := colOptions(srv, "eu-west-1", "eu-central-1")
	opts.Services = []string{"dynamodb", "sts"}

	inv, sum, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	schemaValid(t, inv.Resources)
	for _, region := range []string{"eu-central-1", "eu-west-1"} {
		src := colSource(t, inv, colKumoAccount+"/"+region)
		require.NotEmpty(t, src.Errors, region)
		for _, is := range src.Errors {
			assert.Equal(t, CodeAccessDenied, is.Code)
			assert.Equal(t, "dynamodb", is.Service)
			assert.Equal(t, region, is.Region)
			assert.NotEmpty(t, is.API)
		}
	}
	assert.Zero(t, sum.Resources["aws.dynamodb.table"])
	assert.Equal(t, 1, sum.Resources["aws.account"], "STS still read the account")
	assert.False(t, sum.Collected(), "only identity calls answered")
}

func TestCollectCanceled(t *testing.T) {
	srv := awstest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv.Handle(awstest.Action("ec2", "DescribeVpcs"), func(_ http.ResponseWriter, r *http.Request, _ []byte) {
		cancel() // Ctrl-C while the call is in flight
		<-r.Context().Done()
	})
	opts := colOptions(srv, "eu-west-1", "eu-central-1")
	opts.Concurrency = 1 // tasks run in order: alpha × 2 regions, then blocker (interrupted), then zeta
	opts.collectors = []ServiceCollector{colPure("zeta"), colProbe("blocker"), colPure("alpha")}

	inv, sum, err := Collect(ctx, opts)
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, inv, "what was collected is returned")
	assert.True(t, sum.Canceled)
	assert.Equal(t, map[string]int{inventory.TypeEC2VPC: 2}, sum.Resources, "alpha finished in both regions")
	assert.False(t, inv.Complete())

	central := colSource(t, inv, colKumoAccount+"/eu-central-1")
	codes := map[string]string{}
	for _, is := range central.Errors {
		codes[is.Service+" "+is.API] = is.Code
	}
	assert.Equal(t, map[string]string{
		"blocker DescribeVpcs": CodeCanceled, // the call in flight
		"blocker ":             CodeCanceled, // its service collection did not finish
		"zeta ":                CodeCanceled, // never started
	}, codes)
	west := colSource(t, inv, colKumoAccount+"/eu-west-1")
	codes = map[string]string{}
	for _, is := range west.Errors {
		codes[is.Service+" "+is.API] = is.Code
	}
	assert.Equal(t, map[string]string{"blocker ": CodeCanceled, "zeta ": CodeCanceled}, codes)
	assert.Equal(t, 1, srv.Calls()[awstest.Op{Service: "ec2", Action: "DescribeVpcs"}], "nothing starts after the cancellation")
}

func TestCollectorPanicIsRecorded(t *testing.T) {
	srv := awstest.New(t)
	opts := colOptions(srv, "eu-west-1")
	opts.collectors = []ServiceCollector{{Service: "broken", Collect: func(context.Context, *Session, *Sink) { panic("boom") }},
		colPure("fine")}
	inv, _, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	src := colSource(t, inv, colKumoAccount+"/eu-west-1")
	require.Len(t, src.Errors, 1)
	assert.Equal(t, "broken", src.Errors[0].Service)
	assert.Contains(t, src.Errors[0].Message, "internal error in the broken collector: boom")
	assert.Len(t, inv.Resources, 1)
}

func TestCollectNoCredentials(t *testing.T) {
	srv := awstest.New(t)
	srv.DenyQuery(awstest.Action("sts", "GetCallerIdentity"), "InvalidClientTokenId")
	inv, _, err := Collect(context.Background(), colOptions(srv, "eu-west-1"))
	require.ErrorContains(t, err, "read the caller's identity (are AWS credentials configured?)")
	assert.Nil(t, inv)
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"defaults", Options{}, ""},
		{"accounts and regions", Options{Accounts: []string{"111122223333", " 222233334444"}, Regions: []string{"eu-west-1", "us-gov-west-1"}}, ""},
		{"both org and accounts", Options{Org: true, Accounts: []string{"111122223333"}}, "either --accounts or --org"},
		{"short account", Options{Accounts: []string{"1234"}}, `account "1234" is not a 12-digit AWS account id`},
		{"bad region", Options{Regions: []string{"Europe"}}, `region "Europe" is not an AWS region name`},
		{"role not an ARN", Options{RoleARN: "Auditor"}, `role "Auditor" is not an ARN`},
		{"role ARN cut short", Options{RoleARN: "arn:aws:iam::111122223333"}, `role "arn:aws:iam::111122223333" is not an ARN`},
		{"role name with a colon", Options{AssumeRoleName: "a:b"}, `role name "a:b" is not an IAM role name`},
		{"endpoint", Options{EndpointURL: "localhost:4566"}, `endpoint "localhost:4566" is not an http(s) URL`},
		{"unknown service", Options{Services: []string{"gamelift"}}, `unknown service "gamelift" (known: `},
		{"negative", Options{Concurrency: -1}, "cannot be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
	_, _, err := Collect(context.Background(), Options{Regions: []string{"nowhere"}})
	assert.ErrorContains(t, err, "aws options: ")
}

// colIsolateEnv keeps the machine's AWS configuration out of a test that loads the default config.
func colIsolateEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "AWS_") {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "eu-west-1")
}

func TestEndpointOverrides(t *testing.T) {
	ctx := context.Background()
	load := func(t *testing.T, opts Options) aws.Config {
		t.Helper()
		cfg, err := baseConfig(ctx, opts.withDefaults(), newCallRecorder())
		require.NoError(t, err)
		return cfg
	}
	t.Run("none", func(t *testing.T) {
		colIsolateEnv(t)
		cfg := load(t, Options{})
		assert.False(t, customEndpoint(ctx, cfg))
		assert.Equal(t, "eu-west-1", cfg.Region)
	})
	t.Run("flag", func(t *testing.T) {
		colIsolateEnv(t)
		cfg := load(t, Options{EndpointURL: "http://localhost:4566"})
		assert.Equal(t, "http://localhost:4566", aws.ToString(cfg.BaseEndpoint))
		assert.True(t, customEndpoint(ctx, cfg))
	})
	t.Run("AWS_ENDPOINT_URL", func(t *testing.T) {
		colIsolateEnv(t)
		t.Setenv("AWS_ENDPOINT_URL", "http://localhost:4566")
		cfg := load(t, Options{})
		assert.Equal(t, "http://localhost:4566", aws.ToString(cfg.BaseEndpoint), "the SDK reads it")
		assert.True(t, customEndpoint(ctx, cfg))
	})
	t.Run("AWS_ENDPOINT_URL_S3", func(t *testing.T) {
		colIsolateEnv(t)
		t.Setenv("AWS_ENDPOINT_URL_S3", "http://localhost:4566")
		assert.True(t, customEndpoint(ctx, load(t, Options{})))
	})
	t.Run("ignored", func(t *testing.T) {
		colIsolateEnv(t)
		t.Setenv("AWS_ENDPOINT_URL_S3", "http://localhost:4566")
		t.Setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
		assert.False(t, customEndpoint(ctx, load(t, Options{})))
	})
	t.Run("profile services section", func(t *testing.T) {
		colIsolateEnv(t)
		require.NoError(t, os.WriteFile(os.Getenv("AWS_CONFIG_FILE"), []byte(
			"[profile audit]\nregion = eu-central-1\nservices = local\n\n[services local]\ns3 =\n  endpoint_url = http://localhost:4566\n"), 0o600))
		cfg := load(t, Options{Profile: "audit"})
		assert.Equal(t, "eu-west-1", cfg.Region, "AWS_REGION wins over the profile's region")
		assert.True(t, customEndpoint(ctx, cfg))
	})
	t.Run("no region anywhere", func(t *testing.T) {
		colIsolateEnv(t)
		t.Setenv("AWS_REGION", "")
		assert.Equal(t, "us-east-1", load(t, Options{}).Region)
		assert.Equal(t, "ap-south-1", load(t, Options{Regions: []string{"ap-south-1"}}).Region)
	})
}

func TestCollectThroughLoadDefaultConfig(t *testing.T) {
	srv := awstest.New(t)
	colIsolateEnv(t)
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	inv, sum, err := Collect(context.Background(), Options{Regions: []string{"eu-west-1"}, Services: []string{"sts"}, MaxAttempts: 1})
	require.NoError(t, err)
	assert.Equal(t, []string{colKumoAccount + "/eu-west-1"}, colSourcePaths(inv))
	assert.Equal(t, 2, sum.Calls[Call{"STS", "GetCallerIdentity"}].Calls)
}

func TestCollectRoleARN(t *testing.T) {
	srv := awstest.New(t)
	assumed := colMultiAccount(srv)
	opts := colOptions(srv, "eu-west-1")
	opts.Services = []string{"sts"}
	opts.RoleARN = "arn:aws:iam::444444444444:role/Auditor"
	opts.ExternalID = "x1"
	inv, _, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	require.Len(t, *assumed, 1)
	assert.Equal(t, "arn:aws:iam::444444444444:role/Auditor", (*assumed)[0].Get("RoleArn"))
	assert.Equal(t, "x1", (*assumed)[0].Get("ExternalId"))
	assert.Equal(t, []string{"444444444444/eu-west-1"}, colSourcePaths(inv), "the role's account is the caller's")
}

func TestARNParts(t *testing.T) {
	assert.Equal(t, "aws-us-gov", partitionOf("arn:aws-us-gov:iam::111122223333:user/a"))
	assert.Equal(t, "", partitionOf("arn:aws:iam"), "cut short: not an ARN")
	assert.Equal(t, "eu-west-1", rdsARNRegion("arn:aws:rds:eu-west-1:111122223333:db:orders"))
	assert.Equal(t, "", rdsARNRegion("orders"))
	assert.Equal(t, "0123-abcd", backupLastSegment("arn:aws:ec2:eu-west-1::snapshot/0123-abcd"))
	assert.Equal(t, "abcd", backupLastSegment("arn:aws:backup:eu-west-1:111122223333:recovery-point:abcd"))
	assert.Equal(t, "plain-name", backupLastSegment("plain-name"))
}
