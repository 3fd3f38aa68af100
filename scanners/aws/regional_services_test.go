package aws

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// kumo has neither IAM Access Analyzer nor Security Hub: these tests answer their REST-JSON operations
// in AWS's wire format (Access Analyzer API Reference, ListAnalyzers; Security Hub API Reference,
// DescribeHub).

// restJSONError answers a REST-JSON operation with an AWS error.
func restJSONError(srv *awstest.Server, m awstest.Matcher, status int, code, message string) {
	srv.Handle(m, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"__type":"` + code + `","message":"` + message + `"}`))
	})
}

var listAnalyzers = awstest.REST("access-analyzer", http.MethodGet, "/analyzer", "")

func TestAccessAnalyzerRegionFact(t *testing.T) {
	analyzer := func(name, typ, status string) string {
		return `{"arn":"arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/` + name + `","name":"` + name +
			`","type":"` + typ + `","status":"` + status + `"}`
	}
	for name, tc := range map[string]struct {
		pages []string // answered in order: the first with a nextToken when there are more
		want  any
	}{
		"account analyzer active": {pages: []string{analyzer("a", "ACCOUNT", "ACTIVE")}, want: true},
		"organization analyzer on the second page": {
			pages: []string{analyzer("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE"), analyzer("org", "ORGANIZATION", "ACTIVE")},
			want:  true,
		},
		"only an unused access analyzer": {pages: []string{analyzer("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE")}, want: false},
		"analyzer still creating":        {pages: []string{analyzer("a", "ACCOUNT", "CREATING")}, want: false},
		"none":                           {pages: []string{""}, want: false},
	} {
		t.Run(name, func(t *testing.T) {
			srv := awstest.New(t)
			sess := govSession(t, srv, "eu-west-1")
			srv.Handle(listAnalyzers, func(w http.ResponseWriter, r *http.Request, _ []byte) {
				page := 0
				if r.URL.Query().Get("nextToken") == "p2" {
					page = 1
				}
				body := `{"analyzers":[` + tc.pages[page] + `]`
				if page+1 < len(tc.pages) {
					body += `,"nextToken":"p2"`
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body + `}`))
			})
			sink := govSink()
			collectAccessAnalyzer(context.Background(), sess, sink)
			assert.Empty(t, sink.Issues(govAccount, "eu-west-1"))
			acct := govByID(t, sink)["arn:aws:iam::123456789012:root"]
			assert.Equal(t, map[string]any{"eu-west-1": map[string]any{"access_analyzer_active": tc.want}}, acct.Attributes["regions"])
			assert.Empty(t, acct.Unknown)
			assert.Equal(t, len(tc.pages), srv.Calls()[awstest.Op{Service: "access-analyzer"}], "every page read")
		})
	}
}

func TestAccessAnalyzerDeniedIsUnknown(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	restJSONError(srv, listAnalyzers, http.StatusForbidden, "AccessDeniedException", "User is not authorized to perform access-analyzer:ListAnalyzers")
	sink := govSink()
	collectAccessAnalyzer(context.Background(), sess, sink)
	is := govIssue(t, sink, govAccount, "eu-west-1", "ListAnalyzers")
	assert.Equal(t, CodeAccessDenied, is.Code)
	assert.Equal(t, "access-analyzer", is.Service)
	acct := govByID(t, sink)["arn:aws:iam::123456789012:root"]
	assert.Equal(t, []string{"regions.eu-west-1.access_analyzer_active"}, acct.Unknown, "denied is unknown, never a pass or a fail")
}

var describeHub = awstest.REST("securityhub", http.MethodGet, "/accounts", "")

func TestSecurityHubRegionFact(t *testing.T) {
	for name, tc := range map[string]struct {
		answer  func(*awstest.Server)
		want    any
		unknown []string
		issue   string
	}{
		"enabled": {
			answer: func(srv *awstest.Server) {
				srv.Respond(describeHub, http.StatusOK, "application/json",
					`{"HubArn":"arn:aws:securityhub:eu-west-1:123456789012:hub/default","SubscribedAt":"2025-01-01T00:00:00.000Z","AutoEnableControls":true}`)
			},
			want: true,
		},
		"not enabled": {
			answer: func(srv *awstest.Server) {
				restJSONError(srv, describeHub, http.StatusUnauthorized, "InvalidAccessException",
					"Account 123456789012 is not subscribed to AWS Security Hub")
			},
			want: false,
		},
		// The same code for another reason (a member account that may not call it) is not "not enabled".
		"invalid access for another reason": {
			answer: func(srv *awstest.Server) {
				restJSONError(srv, describeHub, http.StatusUnauthorized, "InvalidAccessException",
					"Account 123456789012 is not an administrator for this organization")
			},
			want: nil, unknown: []string{"regions.eu-west-1.securityhub_enabled"}, issue: "DescribeHub",
		},
		"denied": {
			answer: func(srv *awstest.Server) {
				restJSONError(srv, describeHub, http.StatusForbidden, "AccessDeniedException",
					"User is not authorized to perform securityhub:DescribeHub")
			},
			want: nil, unknown: []string{"regions.eu-west-1.securityhub_enabled"}, issue: "DescribeHub",
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := awstest.New(t)
			sess := govSession(t, srv, "eu-west-1")
			tc.answer(srv)
			sink := govSink()
			// Another collector's fact for the region must survive.
			sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, "regions.eu-west-1.config_recorder_on", true) })
			collectSecurityHub(context.Background(), sess, sink)
			acct := govByID(t, sink)["arn:aws:iam::123456789012:root"]
			assert.Equal(t, map[string]any{"eu-west-1": map[string]any{"config_recorder_on": true, "securityhub_enabled": tc.want}},
				acct.Attributes["regions"])
			if tc.issue == "" {
				assert.Empty(t, sink.Issues(govAccount, "eu-west-1"))
				assert.Empty(t, acct.Unknown)
				return
			}
			require.Len(t, sink.Issues(govAccount, "eu-west-1"), 1)
			assert.Equal(t, "securityhub", govIssue(t, sink, govAccount, "eu-west-1", tc.issue).Service)
			assert.Equal(t, tc.unknown, acct.Unknown)
		})
	}
}
