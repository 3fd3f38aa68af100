package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "elbv2", Collect: collectELBv2})
}

// collectELBv2 reads every Application, Network and Gateway Load Balancer of the session's region with
// its attributes, its listeners and, for Application Load Balancers, the WAF web ACL associated with it.
func collectELBv2(ctx context.Context, sess *Session, sink *Sink) {
	c := elbv2.NewFromConfig(sess.Cfg)
	var lbs []elbv2types.LoadBalancer
	p := elbv2.NewDescribeLoadBalancersPaginator(c, &elbv2.DescribeLoadBalancersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "elbv2", "DescribeLoadBalancers", err)
			break
		}
		lbs = append(lbs, page.LoadBalancers...)
	}
	waf := wafv2.NewFromConfig(sess.Cfg)
	forEach(perResourceCalls, lbs, func(_ int, lb elbv2types.LoadBalancer) {
		sink.Add(elbv2LoadBalancer(ctx, c, waf, sess, sink, lb))
	})
}

func elbv2LoadBalancer(ctx context.Context, c *elbv2.Client, waf *wafv2.Client, sess *Session, sink *Sink,
	lb elbv2types.LoadBalancer) inventory.Resource {
	arn := aws.ToString(lb.LoadBalancerArn)
	r := sink.NewResource(sess, arn, inventory.TypeELBv2LoadBalancer, aws.ToString(lb.LoadBalancerName),
		"elasticloadbalancing:DescribeLoadBalancers")
	storeAttr(&r, "name", aws.ToString(lb.LoadBalancerName))
	typ := string(lb.Type)
	if typ == "" {
		storeUnknown(&r, "load_balancer_type")
	} else {
		storeAttr(&r, "load_balancer_type", typ)
	}
	switch lb.Scheme {
	case elbv2types.LoadBalancerSchemeEnumInternal:
		storeAttr(&r, "internal", true)
	case elbv2types.LoadBalancerSchemeEnumInternetFacing:
		storeAttr(&r, "internal", false)
	default:
		storeUnknown(&r, "internal")
	}

	attrs := map[string]string{}
	out, err := c.DescribeLoadBalancerAttributes(ctx, &elbv2.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lb.LoadBalancerArn})
	if err != nil {
		sink.Fail(sess, "elbv2", "DescribeLoadBalancerAttributes", err)
	} else {
		for _, a := range out.Attributes {
			attrs[aws.ToString(a.Key)] = aws.ToString(a.Value)
		}
	}
	boolAttr := func(path, key string, applies bool) {
		v, ok := attrs[key]
		switch {
		case ok:
			storeAttr(&r, path, v == "true")
		case err == nil && !applies:
			storeAttr(&r, path, false) // the attribute does not exist for this kind of load balancer
		default:
			storeUnknown(&r, path)
		}
	}
	application := typ == string(elbv2types.LoadBalancerTypeEnumApplication)
	boolAttr("deletion_protection", "deletion_protection.enabled", true)
	boolAttr("access_logs.enabled", "access_logs.s3.enabled", typ != string(elbv2types.LoadBalancerTypeEnumGateway))
	boolAttr("drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled", application)
	if v, ok := attrs["routing.http.desync_mitigation_mode"]; ok {
		storeAttr(&r, "desync_mitigation_mode", v)
	} else if err == nil && !application {
		storeAttr(&r, "desync_mitigation_mode", "defensive")
	} else {
		storeUnknown(&r, "desync_mitigation_mode")
	}

	elbv2Listeners(ctx, c, sess, sink, &r, lb.LoadBalancerArn)

	if !application {
		storeAttr(&r, "web_acl_id", nil) // WAF protects Application Load Balancers only
		return r
	}
	acl, err := waf.GetWebACLForResource(ctx, &wafv2.GetWebACLForResourceInput{ResourceArn: lb.LoadBalancerArn})
	switch {
	case err != nil:
		sink.Fail(sess, "wafv2", "GetWebACLForResource", err)
		storeUnknown(&r, "web_acl_id")
	case acl.WebACL == nil:
		storeAttr(&r, "web_acl_id", nil)
	default:
		storeAttr(&r, "web_acl_id", nullString(acl.WebACL.ARN))
	}
	return r
}

// elbv2Listeners lists the load balancer's listeners, all pages; a failed call makes listeners unknown.
func elbv2Listeners(ctx context.Context, c *elbv2.Client, sess *Session, sink *Sink, r *inventory.Resource, lbArn *string) {
	listeners := []any{}
	p := elbv2.NewDescribeListenersPaginator(c, &elbv2.DescribeListenersInput{LoadBalancerArn: lbArn})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "elbv2", "DescribeListeners", err)
			storeUnknown(r, "listeners")
			return
		}
		for _, l := range page.Listeners {
			e := map[string]any{
				"port":       nullInt(l.Port),
				"protocol":   nil,
				"ssl_policy": nullString(l.SslPolicy),
			}
			if l.Protocol != "" {
				e["protocol"] = strings.ToUpper(string(l.Protocol))
			}
			action := map[string]any{"type": nil, "redirect_protocol": nil}
			if a, ok := firstAction(l.DefaultActions); ok {
				action["type"] = string(a.Type)
				if a.RedirectConfig != nil && a.RedirectConfig.Protocol != nil {
					action["redirect_protocol"] = strings.ToUpper(*a.RedirectConfig.Protocol)
				}
			}
			e["default_action"] = action
			listeners = append(listeners, e)
		}
	}
	storeAttr(r, "listeners", listeners)
}

// firstAction returns the default action AWS performs first: the lowest Order (actions without one keep
// their place).
func firstAction(actions []elbv2types.Action) (elbv2types.Action, bool) {
	if len(actions) == 0 {
		return elbv2types.Action{}, false
	}
	best := actions[0]
	for _, a := range actions[1:] {
		if a.Order != nil && (best.Order == nil || *a.Order < *best.Order) {
			best = a
		}
	}
	return best, true
}
