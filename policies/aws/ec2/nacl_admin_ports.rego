# METADATA
# title: Network ACLs do not allow remote administration ports from the internet
# description: >-
#   No network ACL admits SSH (22) or RDP (3389), over TCP, UDP or all protocols, from 0.0.0.0/0 or ::/0.
#   Entries are read in rule number order, as AWS evaluates them: an allow is open unless an earlier deny
#   from the same whole range (0.0.0.0/0 or ::/0) covers the port and protocol. Network ACLs are a
#   subnet's coarse first filter; administration ports belong behind a bastion, SSM Session Manager or a
#   VPN. An earlier entry whose values are unknown, or a list that may hold more entries, makes an allow
#   unknown rather than open.
# custom:
#   id: EC2.12
#   severity: medium
#   resource_types: [aws.ec2.network_acl]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7", "AC-17"]
#     nist-csf-2.0: ["PR.IR-01"]
#     cis-aws-foundations-6.0: ["6.2"]
#   remediation: >-
#     Remove the allow entry (inline ingress block of aws_network_acl or aws_default_network_acl, or an
#     aws_network_acl_rule) or narrow its cidr_block to the administrative networks; or add a deny entry with
#     a lower rule number for ports 22 and 3389 from 0.0.0.0/0 and ::/0.
package vigil.aws.ec2.nacl_admin_ports

import data.vigil.lib

admin_ports := [22, 3389]

transports := ["tcp", "udp"]

entries(r) := object.get(r.attributes, "ingress", null)

list_known(r) if {
	is_array(entries(r))
	not lib.is_unknown(r, "ingress")
}

# The whole IPv4 or IPv6 range an entry names, if it names one.
world_source(e) := c if {
	c := lib.object_get(e, "cidr_block", null)
	c == "0.0.0.0/0"
} else := c if {
	c := lib.object_get(e, "ipv6_cidr_block", null)
	c == "::/0"
}

# reaches is true when entry e applies to transport t on port p.
reaches(e, t, p) if {
	lib.object_get(e, "protocol", null) in {t, "-1"}
	lib.number_at_least(p, lib.object_get(e, "from_port", null))
	lib.number_at_least(lib.object_get(e, "to_port", null), p)
}

# Most ACLs have no unknown part: they skip building the entry's path, on every entry they test.
entry_unknown(r, i) if {
	r.unknown != []
	lib.unknown_within(r, sprintf("ingress.%d", [i]))
}

number(e) := n if {
	n := lib.object_get(e, "rule_number", null)
	is_number(n)
}

# before is true when entry j is evaluated before entry i (a lower rule number); an entry whose number is
# unknown may come first.
before(r, j, i) if number(entries(r)[j]) < number(entries(r)[i])

before(r, j, i) if {
	j != i
	not number(entries(r)[j])
}

# denied_before: an earlier known deny from the same whole range covers the traffic.
denied_before(r, i, t, p, c) if {
	some j, d in entries(r)
	before(r, j, i)
	not entry_unknown(r, j)
	lib.object_get(d, "action", null) == "deny"
	world_source(d) == c
	reaches(d, t, p)
}

# maybe_denied_before: an earlier entry with unknown values (not a known allow) may deny it.
maybe_denied_before(r, i) if {
	some j, d in entries(r)
	entry_unknown(r, j)
	before(r, j, i)
	not lib.object_get(d, "action", null) == "allow"
}

# allowed_from is the whole range from which known entry i allows transport t on port p.
allowed_from(r, i, e, t, p) := c if {
	lib.object_get(e, "action", null) == "allow"
	c := world_source(e)
	reaches(e, t, p)
	not entry_unknown(r, i)
}

open(r) := [{"rule_number": number(e), "protocol": t, "port": p, "source": c} |
	some i, e in entries(r)
	some t in transports
	some p in admin_ports
	c := allowed_from(r, i, e, t, p)
	not denied_before(r, i, t, p, c)
	not maybe_denied_before(r, i)
]

deny contains result if {
	some r in lib.resources("aws.ec2.network_acl")
	list_known(r)
	found := open(r)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("network ACL %q allows administration ports from the internet: %s", [
			lib.label(r),
			concat(", ", sort({sprintf("%s/%d from %s (rule %v)", [f.protocol, f.port, f.source, f.rule_number]) | some f in found})),
		]),
		"evidence": {"open": found},
	}
}

unknown contains result if {
	some r in lib.resources("aws.ec2.network_acl")
	not list_known(r)
	result := {
		"resource": r.id,
		"message": sprintf("inbound entries of network ACL %q are unknown", [lib.label(r)]),
		"missing": ["ingress"],
	}
}

# Unknown entries that could open a port themselves (not a known deny), or that come before a known allow
# from the internet and may deny what it allows.
relevant(r, i, e) if {
	entry_unknown(r, i)
	not lib.object_get(e, "action", null) == "deny"
}

relevant(r, i, _) if {
	entry_unknown(r, i)
	some k, a in entries(r)
	some t in transports
	some p in admin_ports
	allowed_from(r, k, a, t, p)
	before(r, i, k)
}

missing(r) := sort([u |
	some i, e in entries(r)
	relevant(r, i, e)
	some u in r.unknown
	lib.covers(sprintf("ingress.%d", [i]), u)
])

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.network_acl")
	list_known(r)
	count(open(r)) == 0
	m := missing(r)
	count(m) > 0
	result := {
		"resource": r.id,
		"message": sprintf("inbound entries of network ACL %q that may allow ports 22 or 3389 from the internet are unknown", [lib.label(r)]),
		"missing": m,
	}
}
