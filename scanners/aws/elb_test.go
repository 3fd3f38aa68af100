package aws

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

const elbNamespace = "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/"

func TestClassicLoadBalancers(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	listener := func(proto, port, policy string) string {
		s := `<member><Listener><Protocol>` + proto + `</Protocol><LoadBalancerPort>` + port + `</LoadBalancerPort>` +
			`<InstanceProtocol>HTTP</InstanceProtocol><InstancePort>8080</InstancePort></Listener><PolicyNames>`
		if policy != "" {
			s += `<member>` + policy + `</member>`
		}
		return s + `</PolicyNames></member>`
	}
	lb := func(name, listeners string) string {
		return `<member><LoadBalancerName>` + name + `</LoadBalancerName><Scheme>internet-facing</Scheme>` +
			`<ListenerDescriptions>` + listeners + `</ListenerDescriptions></member>`
	}
	edgeQueryReply(srv, awstest.Action("elasticloadbalancing", "DescribeLoadBalancers"), elbNamespace, "DescribeLoadBalancers",
		func(url.Values) string {
			return `<LoadBalancerDescriptions>` + lb("classic-good", listener("HTTPS", "443", "good-tls")) +
				lb("classic-legacy", listener("HTTP", "80", "")+listener("HTTPS", "443", "ELBSecurityPolicy-2016-08")) +
				lb("classic-denied", listener("SSL", "465", "x")) + `</LoadBalancerDescriptions>`
		})
	edgeQueryReply(srv, awstest.Action("elasticloadbalancing", "DescribeLoadBalancerAttributes"), elbNamespace,
		"DescribeLoadBalancerAttributes", func(form url.Values) string {
			on := "false"
			if form.Get("LoadBalancerName") == "classic-good" {
				on = "true"
			}
			mode := "monitor"
			if on == "true" {
				mode = "defensive"
			}
			return `<LoadBalancerAttributes><AccessLog><Enabled>` + on + `</Enabled></AccessLog><CrossZoneLoadBalancing><Enabled>` + on +
				`</Enabled></CrossZoneLoadBalancing><ConnectionDraining><Enabled>` + on + `</Enabled><Timeout>300</Timeout></ConnectionDraining>` +
				`<AdditionalAttributes><member><Key>elb.http.desyncmitigationmode</Key><Value>` + mode + `</Value></member></AdditionalAttributes>` +
				`</LoadBalancerAttributes>`
		})
	policy := func(name, ref string) string {
		return `<member><PolicyName>` + name + `</PolicyName><PolicyTypeName>SSLNegotiationPolicyType</PolicyTypeName>` +
			`<PolicyAttributeDescriptions><member><AttributeName>Reference-Security-Policy</AttributeName><AttributeValue>` + ref +
			`</AttributeValue></member><member><AttributeName>Protocol-TLSv1.2</AttributeName><AttributeValue>true</AttributeValue></member>` +
			`</PolicyAttributeDescriptions></member>`
	}
	edgeQueryReply(srv, awstest.Action("elasticloadbalancing", "DescribeLoadBalancerPolicies"), elbNamespace,
		"DescribeLoadBalancerPolicies", func(form url.Values) string {
			if form.Get("LoadBalancerName") == "classic-good" {
				return `<PolicyDescriptions>` + policy("good-tls", "ELBSecurityPolicy-TLS-1-2-2017-01") + `</PolicyDescriptions>`
			}
			return `<PolicyDescriptions>` + policy("ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2016-08") + `</PolicyDescriptions>`
		})

	// Registered last, so it answers before the handler above.
	srv.DenyQuery(func(_ *http.Request, op awstest.Op, body []byte) bool {
		form, _ := url.ParseQuery(string(body))
		return op.Action == "DescribeLoadBalancerPolicies" && form.Get("LoadBalancerName") == "classic-denied"
	}, "AccessDenied")

	sink := storeCollect(sess, collectClassicELB)
	lbs := storeByID(t, sink, inventory.TypeELBLoadBalancer)
	require.Len(t, lbs, 3)
	const arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/"
	good := lbs[arn+"classic-good"]
	assert.Equal(t, map[string]any{"name": "classic-good", "internal": false, "access_logs": map[string]any{"enabled": true},
		"cross_zone_load_balancing": true, "connection_draining": true, "desync_mitigation_mode": "defensive",
		"listeners": []any{map[string]any{"lb_port": int64(443), "lb_protocol": "HTTPS", "instance_port": int64(8080),
			"instance_protocol": "HTTP", "ssl_policy": "ELBSecurityPolicy-TLS-1-2-2017-01"}}}, good.Attributes)
	assert.Empty(t, good.Unknown)
	storeAssertUnknown(t, lbs[arn+"classic-denied"], "listeners.0.ssl_policy")
	assert.Equal(t, CodeAccessDenied, storeIssue(t, sink, sess, "DescribeLoadBalancerPolicies").Code)

	got := edgeEvaluate(t, sink.Resources())
	for _, rule := range []string{"ELB.1", "ELB.2", "ELB.3", "ELB.4", "ELB.5", "ELB.6"} {
		assert.Equal(t, "pass", got[rule+" "+arn+"classic-good"], rule)
		assert.Equal(t, "fail", got[rule+" "+arn+"classic-legacy"], rule)
	}
	assert.Equal(t, "unknown", got["ELB.2 "+arn+"classic-denied"], "a denied policy read is never a pass")
}
