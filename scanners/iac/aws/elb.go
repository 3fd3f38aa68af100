package aws

import (
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// defaultELBSSLPolicy is the security policy AWS gives an HTTPS or TLS listener created without one
// (ELBv2 CreateListener and classic ELB alike).
const defaultELBSSLPolicy = "ELBSecurityPolicy-2016-08"

// adaptELBv2 maps aws_lb / aws_alb, joins their listeners (aws_lb_listener / aws_alb_listener by
// load_balancer_arn) and the WAF web ACL associated with them (aws_wafv2_web_acl_association and
// aws_wafregional_web_acl_association by resource_arn).
//
// A listener that may belong to a load balancer but not for sure (its load_balancer_arn is unknown, its
// count or for_each is unknown) leaves the known listeners in place and makes listeners.N (one past
// them) unknown: the load balancer may have more listeners than it shows.
func adaptELBv2(ix *index) []*res {
	own := newOwners(ix)
	for _, typ := range []string{"aws_lb", "aws_alb"} {
		for _, b := range ix.managed(typ) {
			r := newRes(b, inventory.TypeELBv2LoadBalancer)
			r.nameFrom("name", "name")
			r.f.str("load_balancer_type", b, "load_balancer_type", "application")
			r.f.boolean("internal", b, "internal", false)
			r.f.boolean("deletion_protection", b, "enable_deletion_protection", false)
			// access_logs.enabled defaults to false even when a bucket is given.
			r.f.boolean("access_logs.enabled", b, "access_logs.0.enabled", false)
			r.f.boolean("drop_invalid_header_fields", b, "drop_invalid_header_fields", false)
			r.f.str("desync_mitigation_mode", b, "desync_mitigation_mode", "defensive")
			own.add(r, false)
		}
	}
	possible := map[*res]bool{}
	for _, typ := range []string{"aws_lb_listener", "aws_alb_listener"} {
		for _, c := range ix.managed(typ) {
			rs, exact := own.resolve(c, "load_balancer_arn")
			for _, r := range rs {
				if exact && !uncertain(c) {
					r.attach("listeners", c)
				} else {
					possible[r] = true
				}
			}
		}
	}
	connectWAF(own, ix)
	for _, r := range own.list {
		var elems []*fields
		for _, c := range r.children["listeners"] {
			elems = append(elems, elbv2Listener(r, c))
		}
		r.f.list("listeners", elems, false)
		if possible[r] {
			// Not setUnknown: that would replace the list with a map holding the index.
			r.f.unknown = append(r.f.unknown, "listeners."+strconv.Itoa(len(elems)))
		}
		settleWAF(r)
	}
	return own.list
}

// elbv2Listener maps one aws_lb_listener. Its protocol defaults to HTTP on an application load balancer
// (the provider's default); an HTTPS or TLS listener without ssl_policy gets AWS's default policy.
func elbv2Listener(lb *res, c *iac.Block) *fields {
	f := newFields()
	f.number("port", c, "port", nil)
	var protoDefault any
	if t, ok := lb.f.get("load_balancer_type"); ok && t == "application" {
		protoDefault = "HTTP"
	}
	f.strFunc("protocol", c, "protocol", protoDefault, func(s string) any { return strings.ToUpper(s) })
	if lb.f.isUnknown("load_balancer_type") && !present(c, "protocol") {
		f.setUnknown("protocol") // HTTP on an application load balancer, required on the others
	}
	var policyDefault any
	if p, ok := f.get("protocol"); ok && (p == "HTTPS" || p == "TLS") {
		policyDefault = defaultELBSSLPolicy
	}
	f.str("ssl_policy", c, "ssl_policy", policyDefault)
	// The first default action decides what a request that matches no rule gets.
	f.str("default_action.type", c, "default_action.0.type", nil)
	f.strFunc("default_action.redirect_protocol", c, "default_action.0.redirect.0.protocol", nil,
		func(s string) any { return strings.ToUpper(s) })
	return f
}

// connectWAF joins the WAF web ACL associations to the resources of own they name by resource_arn.
func connectWAF(own *owners, ix *index) {
	own.connect(ix.managed("aws_wafv2_web_acl_association"), "resource_arn", "web_acl_id")
	own.connect(ix.managed("aws_wafregional_web_acl_association"), "resource_arn", "web_acl_id")
}

// settleWAF fills web_acl_id from the joined association: the ARN of a WAFv2 web ACL, or the id of a
// WAF Classic regional one; null without association.
func settleWAF(r *res) {
	r.settle("web_acl_id", func(f *fields, c *iac.Block) {
		if c.Type == "aws_wafregional_web_acl_association" {
			f.str("web_acl_id", c, "web_acl_id", nil)
			return
		}
		f.str("web_acl_id", c, "web_acl_arn", nil)
	}, nil, func(f *fields) { f.set("web_acl_id", nil) })
}

// adaptClassicELB maps aws_elb with its listeners, and joins the TLS security policy of each HTTPS/SSL
// listener: aws_load_balancer_listener_policy (by load_balancer_name and load_balancer_port) naming an
// aws_load_balancer_policy of type SSLNegotiationPolicyType whose Reference-Security-Policy attribute is
// a predefined policy.
func adaptClassicELB(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_elb") {
		r := newRes(b, inventory.TypeELBLoadBalancer)
		name, st := r.nameFrom("name", "name")
		r.f.boolean("internal", b, "internal", false)
		// An access_logs block is enabled unless it says otherwise.
		switch n, st := count(b, "access_logs"); {
		case st == unknown:
			r.f.setUnknown("access_logs.enabled")
		case n == 0:
			r.f.set("access_logs.enabled", false)
		default:
			r.f.boolean("access_logs.enabled", b, "access_logs.0.enabled", true)
		}
		r.f.boolean("cross_zone_load_balancing", b, "cross_zone_load_balancing", true)
		r.f.boolean("connection_draining", b, "connection_draining", false)
		r.f.str("desync_mitigation_mode", b, "desync_mitigation_mode", "defensive")
		key := ""
		if st == known {
			key = name
		}
		own.add(r, st != known, key)
	}
	own.connect(ix.managed("aws_load_balancer_listener_policy"), "load_balancer_name", "listener_policies")
	policies := map[string]*iac.Block{} // aws_load_balancer_policy by address and by policy_name
	for _, p := range ix.managed("aws_load_balancer_policy") {
		policies[p.Address] = p
		if n, st := getString(p, "policy_name"); st == known {
			policies[n] = p
		}
	}
	for _, r := range own.list {
		b := r.block
		n, st := count(b, "listener")
		if st != known {
			r.f.setUnknown("listeners")
			continue
		}
		tainted := r.tainted["listener_policies"] || anyUncertain(r.children["listener_policies"])
		elems := make([]*fields, 0, n)
		for i := range n {
			p := "listener." + strconv.Itoa(i) + "."
			f := newFields()
			f.number("lb_port", b, p+"lb_port", nil)
			upper := func(s string) any { return strings.ToUpper(s) }
			f.strFunc("lb_protocol", b, p+"lb_protocol", nil, upper)
			f.number("instance_port", b, p+"instance_port", nil)
			f.strFunc("instance_protocol", b, p+"instance_protocol", nil, upper)
			proto, _ := f.get("lb_protocol")
			switch {
			case f.isUnknown("lb_protocol"):
				f.setUnknown("ssl_policy")
			case proto == "HTTPS" || proto == "SSL":
				classicListenerPolicy(f, r, b, i, tainted, policies)
			default:
				f.set("ssl_policy", nil)
			}
			elems = append(elems, f)
		}
		r.f.list("listeners", elems, false)
	}
	return own.list
}

// classicListenerPolicy sets the ssl_policy of the HTTPS/SSL listener i of an aws_elb: the
// Reference-Security-Policy of the SSL negotiation policy its listener policy names, AWS's default
// without one, unknown when it cannot be told (a custom policy without a reference is recorded by name).
func classicListenerPolicy(f *fields, r *res, b *iac.Block, i int, tainted bool, policies map[string]*iac.Block) {
	if tainted {
		f.setUnknown("ssl_policy")
		return
	}
	port, st := getNumber(b, "listener."+strconv.Itoa(i)+".lb_port")
	if st != known {
		f.setUnknown("ssl_policy")
		return
	}
	var names []string
	found := false
	for _, c := range r.children["listener_policies"] {
		cp, st := getNumber(c, "load_balancer_port")
		if st == unknown {
			f.setUnknown("ssl_policy")
			return
		}
		if st != known || cp != port {
			continue
		}
		ns, st := getStrings(c, "policy_names", true)
		if st == unknown {
			f.setUnknown("ssl_policy")
			return
		}
		found = true
		names = append(names, ns...)
	}
	if !found {
		f.set("ssl_policy", defaultELBSSLPolicy)
		return
	}
	for _, n := range names {
		p := policies[n]
		if p == nil {
			f.setUnknown("ssl_policy") // a policy defined outside the scanned configuration
			return
		}
		typ, st := getString(p, "policy_type_name")
		if st == unknown {
			f.setUnknown("ssl_policy")
			return
		}
		if typ != "SSLNegotiationPolicyType" {
			continue
		}
		ref, st := referenceSecurityPolicy(p)
		switch st {
		case known:
			f.set("ssl_policy", ref)
		case unknown:
			f.setUnknown("ssl_policy")
		default:
			// A custom negotiation policy lists protocols and ciphers one by one; vigil does not judge
			// those, so its name stands and the rules report it as not recognised.
			pn, _ := getString(p, "policy_name")
			f.set("ssl_policy", pn)
		}
		return
	}
	f.set("ssl_policy", defaultELBSSLPolicy)
}

// referenceSecurityPolicy reads the Reference-Security-Policy attribute of an aws_load_balancer_policy.
func referenceSecurityPolicy(p *iac.Block) (string, state) {
	n, st := count(p, "policy_attribute")
	if st != known {
		return "", st
	}
	for i := range n {
		pre := "policy_attribute." + strconv.Itoa(i) + "."
		name, st := getString(p, pre+"name")
		if st == unknown {
			return "", unknown
		}
		if name == "Reference-Security-Policy" {
			return getString(p, pre+"value")
		}
	}
	return "", absent
}
