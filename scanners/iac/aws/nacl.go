package aws

import (
	"sort"
	"strconv"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptNetworkACLs maps aws_network_acl and aws_default_network_acl with their inline ingress/egress
// entries, and joins aws_network_acl_rule by network_acl_id. A custom network ACL without entries denies
// everything; aws_default_network_acl replaces the default ACL's entries with those written. Entries are
// sorted by rule number, the order AWS evaluates them in. A rule block that may not exist (unknown count or
// for_each), whose ACL or direction is unknown, or that names several ACLs makes the entries of the
// direction(s) it may belong to unknown: an entry that may come before the others can decide any traffic.
func adaptNetworkACLs(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_network_acl") {
		r := newRes(b, inventory.TypeEC2NetworkACL)
		aclName(r)
		r.f.str("vpc_id", b, "vpc_id", nil)
		r.f.set("is_default", false)
		own.add(r, false)
	}
	for _, b := range ix.managed("aws_default_network_acl") {
		r := newRes(b, inventory.TypeEC2NetworkACL)
		aclName(r)
		// The VPC is the default ACL's, which the configuration names only through default_network_acl_id.
		r.f.setUnknown("vpc_id")
		r.f.set("is_default", true)
		own.add(r, false)
		// References to an aws_vpc's default_network_acl_id evaluate to the VPC's address followed by the
		// attribute: the ACL is also known by it.
		if ref, st := getString(b, "default_network_acl_id"); st == known {
			own.keys[ref] = append(own.keys[ref], r)
		}
	}
	for _, c := range ix.managed("aws_network_acl_rule") {
		isEgress, st := getBool(c, "egress")
		switch {
		case st == unknown:
			own.connectDirections(c, ingress, egress)
		case isEgress:
			own.connectDirections(c, "egress")
		default:
			own.connectDirections(c, ingress)
		}
	}
	for _, r := range own.list {
		for _, dir := range []string{ingress, egress} {
			if r.tainted[dir] || r.block.IsUnknown(dir) || r.block.MayHoldMore(dir) || anyUncertain(r.children[dir]) {
				r.f.setUnknown(dir)
				continue
			}
			var entries []*fields
			n, _ := count(r.block, dir)
			for i := 0; i < n; i++ {
				entries = append(entries, aclEntry(r.block, dir+"."+strconv.Itoa(i)+".", "rule_no", "action"))
			}
			for _, c := range r.children[dir] {
				entries = append(entries, aclEntry(c, "", "rule_number", "rule_action"))
			}
			sortEntries(entries)
			r.f.list(dir, entries, true)
		}
	}
	return own.list
}

// aclName names a network ACL by its Name tag, else its block label.
func aclName(r *res) {
	if n, ok := r.block.Attrs["tags"].(map[string]any); ok {
		if s, ok := n["Name"].(string); ok {
			r.name = s
		}
	}
}

// connectDirections joins an aws_network_acl_rule to the ACL its network_acl_id names, in each direction
// it may belong to: attached when the ACL and the direction are certain, else the directions are tainted.
func (o *owners) connectDirections(c *iac.Block, dirs ...string) {
	rs, exact := o.resolve(c, "network_acl_id")
	for _, r := range rs {
		for _, dir := range dirs {
			if exact && len(dirs) == 1 {
				r.attach(dir, c)
			} else {
				r.taint(dir)
			}
		}
	}
}

// aclEntry maps an inline entry (under prefix p) or an aws_network_acl_rule: rule number, action
// (allow/deny), protocol (normalised as for security groups), port range (0-65535 for all protocols),
// and the IPv4 or IPv6 CIDR block.
func aclEntry(b *iac.Block, p, numberAttr, actionAttr string) *fields {
	e := newFields()
	e.number("rule_number", b, p+numberAttr, nil)
	e.str("action", b, p+actionAttr, nil)
	sgProtocolPorts(e, b, p+"protocol", p+"from_port", p+"to_port")
	if proto, ok := e.get("protocol"); ok && proto != "tcp" && proto != "udp" && proto != "-1" {
		// Ports mean nothing for ICMP and other protocols; the provider stores 0.
		e.set("from_port", int64(0))
		e.set("to_port", int64(0))
	}
	e.str("cidr_block", b, p+"cidr_block", nil)
	e.str("ipv6_cidr_block", b, p+"ipv6_cidr_block", nil)
	for _, f := range []string{"cidr_block", "ipv6_cidr_block"} {
		if v, ok := e.get(f); ok && v != nil {
			e.set(f, canonicalCIDRs([]string{v.(string)})[0])
		}
	}
	return e
}

// sortEntries orders entries by rule number; an unknown number sorts last, by its other values.
func sortEntries(entries []*fields) {
	keys := make(map[*fields]string, len(entries))
	for _, e := range entries {
		keys[e] = e.sortKey()
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, aok := entries[i].get("rule_number")
		b, bok := entries[j].get("rule_number")
		an, _ := asFloat(a)
		bn, _ := asFloat(b)
		switch {
		case aok && bok && an != bn:
			return an < bn
		case aok != bok:
			return aok
		}
		return keys[entries[i]] < keys[entries[j]]
	})
}
