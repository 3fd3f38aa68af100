package aws

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// The edge collectors' tests answer in AWS's wire formats (query XML for Elastic Load Balancing, JSON for
// WAFv2, REST-JSON for API Gateway, REST-XML for CloudFront): kumo does not emulate the attributes,
// policies and settings these collectors read.

const elbv2Namespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"

// edgeQueryReply answers a query-protocol action with an XML result.
func edgeQueryReply(srv *awstest.Server, m awstest.Matcher, ns, action string, result func(form url.Values) string) {
	srv.Handle(m, func(w http.ResponseWriter, _ *http.Request, body []byte) {
		form, _ := url.ParseQuery(string(body))
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, `<`+action+`Response xmlns="`+ns+`"><`+action+`Result>`+result(form)+`</`+action+
			`Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></`+action+`Response>`)
	})
}

// edgeEvaluate runs the built-in rules over the collected resources and returns the status of the edge
// rules' results by "rule resource".
func edgeEvaluate(t *testing.T, resources []inventory.Resource) map[string]string {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	inv := inventory.New()
	inv.Resources = resources
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range rep.Results {
		for _, prefix := range []string{"ELBV2.", "ELB.", "CLOUDFRONT.", "APIGW."} {
			if strings.HasPrefix(r.RuleID, prefix) {
				out[r.RuleID+" "+r.ResourceID] = string(r.Status)
			}
		}
	}
	return out
}

func TestELBv2LoadBalancers(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	const arnPrefix = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/"
	web, legacy, nlb := arnPrefix+"app/web/1", arnPrefix+"app/legacy/2", arnPrefix+"net/nlb/3"
	lb := func(arn, name, typ, scheme string) string {
		return `<member><LoadBalancerArn>` + arn + `</LoadBalancerArn><LoadBalancerName>` + name +
			`</LoadBalancerName><Type>` + typ + `</Type><Scheme>` + scheme + `</Scheme></member>`
	}
	// Two pages, following Marker / NextMarker.
	edgeQueryReply(srv, awstest.Action("elasticloadbalancing", "DescribeLoadBalancers"), elbv2Namespace, "DescribeLoadBalancers",
		func(form url.Values) string {
			if form.Get("Marker") == "" {
				return `<LoadBalancers>` + lb(web, "web", "application", "internet-facing") + lb(legacy, "legacy", "application", "internet-facing") +
					`</LoadBalancers><NextMarker>m2</NextMarker>`
			}
			return `<LoadBalancers>` + lb(nlb, "nlb", "network", "internal") + `</LoadBalancers>`
		})
	attr := func(k, v string) string { return `<member><Key>` + k + `</Key><Value>` + v + `</Value></member>` }
	edgeQueryReply(srv, awstest.Action("elasticloadbalancing", "DescribeLoadBalancerAttributes"), elbv2Namespace,
		"DescribeLoadBalancerAttributes", func(form url.Values) string {
			switch form.Get("LoadBalancerArn") {
			case web:
				return `<Attributes>` + attr("deletion_protection.enabled", "true") + attr("access_logs.s3.enabled", "true") +
					attr("routing.http.drop_invalid_header_fields.enabled", "true") +
					attr("routing.http.desync_mitigation_mode", "strictest") + `</Attributes>`
			case legacy:
				return `<Attributes>` + attr("deletion_protection.enabled", "false") + attr("access_logs.s3.enabled", "false") +
					attr("routing.http.drop_invalid_header_fields.enabled", "false") +
					attr("routing.http.desync_mitigation_mode", "monitor") + `</Attributes>`
			}
			return `<Attributes>` + attr("deletion_protection.enabled", "true") + attr("access_logs.s3.enabled", "true") + `</Attributes>`
		})
	listener := func(port, proto, policy, action string) string {
		s := `<member><Port>` + port + `</Port><Protocol>` + proto + `</Protocol>`
		if policy != "" {
			s += `<SslPolicy>` + policy + `</SslPolicy>`
		}
		return s + `<DefaultActions><member>` + action + `</member></DefaultActions></member>`
	}
	const forward = `<Type>forward</Type><TargetGroupArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1</TargetGroupArn>`
	const redirect = `<Type>redirect</Type><RedirectConfig><Protocol>HTTPS</Protocol><Port>443</Port><StatusCode>HTTP_301</StatusCode></RedirectConfig>`
	edgeQueryReply(srv, awstest.Action("elasticloadbalancing", "DescribeListeners"), elbv2Namespace, "DescribeListeners",
		func(form url.Values) string {
			switch form.Get("LoadBalancerArn") {
			case web:
				return `<Listeners>` + listener("443", "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06", forward) +
					listener("80", "HTTP", "", redirect) + `</Listeners>`
			case legacy:
				return `<Listeners>` + listener("443", "HTTPS", "ELBSecurityPolicy-2016-08", forward) +
					listener("80", "HTTP", "", forward) + `</Listeners>`
			}
			return `<Listeners>` + listener("443", "TLS", "ELBSecurityPolicy-TLS13-1-2-2021-06", forward) + `</Listeners>`
		})
	srv.Handle(awstest.Action("wafv2", "GetWebACLForResource"), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if strings.Contains(string(body), web) {
			_, _ = io.WriteString(w, `{"WebACL":{"ARN":"arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/1","Name":"edge","Id":"1"}}`)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	})

	sink := storeCollect(sess, collectELBv2)
	lbs := storeByID(t, sink, inventory.TypeELBv2LoadBalancer)
	require.Len(t, lbs, 3)
	assert.Equal(t, map[string]any{
		"name": "web", "load_balancer_type": "application", "internal": false, "deletion_protection": true,
		"access_logs": map[string]any{"enabled": true}, "drop_invalid_header_fields": true, "desync_mitigation_mode": "strictest",
		"web_acl_id": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/1",
		"listeners": []any{
			map[string]any{"port": int64(443), "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
				"default_action": map[string]any{"type": "forward", "redirect_protocol": nil}},
			map[string]any{"port": int64(80), "protocol": "HTTP", "ssl_policy": nil,
				"default_action": map[string]any{"type": "redirect", "redirect_protocol": "HTTPS"}},
		},
	}, lbs[web].Attributes)
	assert.Empty(t, lbs[web].Unknown)
	assert.Equal(t, "elasticloadbalancing:DescribeLoadBalancers", lbs[web].Source.API)
	assert.Equal(t, true, lbs[nlb].Attributes["internal"])
	assert.Nil(t, lbs[nlb].Attributes["web_acl_id"], "WAF is not asked about a Network Load Balancer")
	assert.Empty(t, sink.Issues(storeAccount, "eu-west-1"))
	assert.Equal(t, 2, srv.Calls()[awstest.Op{Service: "wafv2", Action: "GetWebACLForResource"}])

	got := edgeEvaluate(t, sink.Resources())
	for _, rule := range []string{"ELBV2.1", "ELBV2.2", "ELBV2.3", "ELBV2.4", "ELBV2.5", "ELBV2.6", "ELBV2.7"} {
		assert.Equal(t, "pass", got[rule+" "+web], rule)
		assert.Equal(t, "fail", got[rule+" "+legacy], rule)
	}
	assert.Equal(t, "pass", got["ELBV2.1 "+nlb])
	assert.Equal(t, "pass", got["ELBV2.6 "+nlb], "internal: out of the WAF rule's scope")
}

func TestELBv2DeniedCallsAreUnknown(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	const arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/denied/9"
	edgeQueryReply(srv, awstest.Action("elasticloadbalancing", "DescribeLoadBalancers"), elbv2Namespace, "DescribeLoadBalancers",
		func(url.Values) string {
			return `<LoadBalancers><member><LoadBalancerArn>` + arn + `</LoadBalancerArn><LoadBalancerName>denied</LoadBalancerName>` +
				`<Type>application</Type><Scheme>internet-facing</Scheme></member></LoadBalancers>`
		})
	srv.DenyQuery(awstest.Action("elasticloadbalancing", "DescribeLoadBalancerAttributes"), "AccessDenied")
	srv.DenyQuery(awstest.Action("elasticloadbalancing", "DescribeListeners"), "AccessDenied")
	srv.DenyJSON(awstest.Action("wafv2", "GetWebACLForResource"), "AccessDeniedException", http.StatusBadRequest)

	sink := storeCollect(sess, collectELBv2)
	r := storeByID(t, sink, inventory.TypeELBv2LoadBalancer)[arn]
	storeAssertUnknown(t, r, "deletion_protection", "access_logs.enabled", "drop_invalid_header_fields",
		"desync_mitigation_mode", "listeners", "web_acl_id")
	for _, api := range []string{"DescribeLoadBalancerAttributes", "DescribeListeners", "GetWebACLForResource"} {
		assert.Equal(t, CodeAccessDenied, storeIssue(t, sink, sess, api).Code, api)
	}
	got := edgeEvaluate(t, sink.Resources())
	for _, rule := range []string{"ELBV2.1", "ELBV2.2", "ELBV2.3", "ELBV2.4", "ELBV2.5", "ELBV2.6", "ELBV2.7"} {
		assert.Equal(t, "unknown", got[rule+" "+arn], "%s: a denied call is never a pass", rule)
	}
}
