package vigil.lib

# Security group helpers. A rule is {protocol, from_port, to_port, cidr_blocks, ipv6_cidr_blocks, ...}
# with protocol normalised to tcp, udp, icmp, icmpv6 or -1 (all).

open_ipv4 := "0.0.0.0/0"

open_ipv6 := "::/0"

# open_cidrs lists the "anywhere" CIDRs a security group rule allows.
open_cidrs(rule) := array.concat(
	[c | some c in object.get(rule, "cidr_blocks", []); c == open_ipv4],
	[c | some c in object.get(rule, "ipv6_cidr_blocks", []); c == open_ipv6],
)

# is_open_to_world is true when the rule allows 0.0.0.0/0 or ::/0.
is_open_to_world(rule) if count(open_cidrs(rule)) > 0

# all_protocols is true for protocol -1 (every protocol, every port).
all_protocols(rule) if rule.protocol == "-1"

# reaches_tcp_port is true when the rule admits TCP traffic to port: protocol -1, or tcp with
# from_port <= port <= to_port.
reaches_tcp_port(rule, _) if all_protocols(rule)

reaches_tcp_port(rule, port) if {
	rule.protocol == "tcp"
	rule.from_port <= port
	port <= rule.to_port
}

# rule_evidence is the part of a security group rule shown as evidence.
rule_evidence(rule) := {
	"protocol": object.get(rule, "protocol", null),
	"from_port": object.get(rule, "from_port", null),
	"to_port": object.get(rule, "to_port", null),
	"cidr_blocks": open_cidrs(rule),
	"source": object.get(rule, "source", null),
}

# world_ingress_to_port lists the ingress rules of security group r that admit TCP traffic to port
# from anywhere (0.0.0.0/0 or ::/0).
world_ingress_to_port(r, port) := [rule_evidence(rule) |
	some rule in value(r, "ingress", [])
	is_open_to_world(rule)
	reaches_tcp_port(rule, port)
]

# ingress_unknown is true when the group's ingress rules, or part of them, are unknown.
ingress_unknown(r) if unknown_within(r, "ingress")
