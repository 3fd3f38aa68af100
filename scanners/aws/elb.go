package aws

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "elb", Collect: collectClassicELB})
}

// collectClassicELB reads every Classic Load Balancer of the session's region with its attributes and the
// TLS security policy of each HTTPS/SSL listener.
func collectClassicELB(ctx context.Context, sess *Session, sink *Sink) {
	c := elb.NewFromConfig(sess.Cfg)
	var lbs []elbtypes.LoadBalancerDescription
	p := elb.NewDescribeLoadBalancersPaginator(c, &elb.DescribeLoadBalancersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "elb", "DescribeLoadBalancers", err)
			break
		}
		lbs = append(lbs, page.LoadBalancerDescriptions...)
	}
	forEach(perResourceCalls, lbs, func(_ int, lb elbtypes.LoadBalancerDescription) {
		sink.Add(classicLoadBalancer(ctx, c, sess, sink, lb))
	})
}

func classicLoadBalancer(ctx context.Context, c *elb.Client, sess *Session, sink *Sink,
	lb elbtypes.LoadBalancerDescription) inventory.Resource {
	name := aws.ToString(lb.LoadBalancerName)
	r := sink.NewResource(sess, sess.ARN("elasticloadbalancing", sess.Region, "loadbalancer/"+name),
		inventory.TypeELBLoadBalancer, name, "elasticloadbalancing:DescribeLoadBalancers")
	storeAttr(&r, "name", name)
	switch aws.ToString(lb.Scheme) {
	case "internal":
		storeAttr(&r, "internal", true)
	case "internet-facing":
		storeAttr(&r, "internal", false)
	default:
		storeUnknown(&r, "internal")
	}

	out, err := c.DescribeLoadBalancerAttributes(ctx, &elb.DescribeLoadBalancerAttributesInput{LoadBalancerName: lb.LoadBalancerName})
	if err != nil || out.LoadBalancerAttributes == nil {
		if err != nil {
			sink.Fail(sess, "elb", "DescribeLoadBalancerAttributes", err)
		}
		for _, p := range []string{"access_logs.enabled", "cross_zone_load_balancing", "connection_draining", "desync_mitigation_mode"} {
			storeUnknown(&r, p)
		}
	} else {
		a := out.LoadBalancerAttributes
		storeAttr(&r, "access_logs.enabled", a.AccessLog != nil && a.AccessLog.Enabled)
		storeAttr(&r, "cross_zone_load_balancing", a.CrossZoneLoadBalancing != nil && a.CrossZoneLoadBalancing.Enabled)
		storeAttr(&r, "connection_draining", a.ConnectionDraining != nil && a.ConnectionDraining.Enabled)
		mode := "defensive"
		for _, x := range a.AdditionalAttributes {
			if aws.ToString(x.Key) == "elb.http.desyncmitigationmode" && aws.ToString(x.Value) != "" {
				mode = aws.ToString(x.Value)
			}
		}
		storeAttr(&r, "desync_mitigation_mode", mode)
	}

	policies, policiesErr := classicSSLPolicies(ctx, c, sess, sink, lb)
	listeners := []any{}
	for _, d := range lb.ListenerDescriptions {
		l := d.Listener
		if l == nil {
			continue
		}
		proto := strings.ToUpper(aws.ToString(l.Protocol))
		e := map[string]any{
			"lb_port": int64(l.LoadBalancerPort), "lb_protocol": nullString(&proto),
			"instance_port": nullInt(l.InstancePort), "instance_protocol": nil, "ssl_policy": nil,
		}
		if ip := strings.ToUpper(aws.ToString(l.InstanceProtocol)); ip != "" {
			e["instance_protocol"] = ip
		}
		if proto == "HTTPS" || proto == "SSL" {
			if policiesErr {
				r.MarkUnknown(fmt.Sprintf("listeners.%d.ssl_policy", len(listeners)))
			}
			for _, n := range d.PolicyNames {
				if ref, ok := policies[n]; ok {
					e["ssl_policy"] = ref
				}
			}
		}
		listeners = append(listeners, e)
	}
	storeAttr(&r, "listeners", listeners)
	return r
}

// classicSSLPolicies maps the names of the load balancer's SSL negotiation policies to the predefined
// policy each references (its own name for a custom policy). failed reports a call that failed.
func classicSSLPolicies(ctx context.Context, c *elb.Client, sess *Session, sink *Sink,
	lb elbtypes.LoadBalancerDescription) (refs map[string]string, failed bool) {
	refs = map[string]string{}
	tls := false
	for _, d := range lb.ListenerDescriptions {
		if d.Listener != nil {
			p := strings.ToUpper(aws.ToString(d.Listener.Protocol))
			tls = tls || p == "HTTPS" || p == "SSL"
		}
	}
	if !tls {
		return refs, false
	}
	out, err := c.DescribeLoadBalancerPolicies(ctx, &elb.DescribeLoadBalancerPoliciesInput{LoadBalancerName: lb.LoadBalancerName})
	if err != nil {
		sink.Fail(sess, "elb", "DescribeLoadBalancerPolicies", err)
		return refs, true
	}
	for _, p := range out.PolicyDescriptions {
		if aws.ToString(p.PolicyTypeName) != "SSLNegotiationPolicyType" {
			continue
		}
		name := aws.ToString(p.PolicyName)
		refs[name] = name
		for _, a := range p.PolicyAttributeDescriptions {
			if aws.ToString(a.AttributeName) == "Reference-Security-Policy" && aws.ToString(a.AttributeValue) != "" {
				refs[name] = aws.ToString(a.AttributeValue)
			}
		}
	}
	return refs, false
}
