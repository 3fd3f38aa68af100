package vigil.lib

# Security group helpers. A rule is {protocol, from_port, to_port, cidr_blocks, ipv6_cidr_blocks, ...}
# with protocol normalised to tcp, udp, icmp, icmpv6 or -1 (all).

# The "anywhere" CIDRs. The helpers below write them out: a reference to a rule costs a lookup per call.
open_ipv4 := "0.0.0.0/0"

open_ipv6 := "::/0"

# open_cidrs lists the "anywhere" CIDRs a security group rule allows.
open_cidrs(rule) := array.concat(
	[c | some c in object.get(rule, "cidr_blocks", []); c == "0.0.0.0/0"],
	[c | some c in object.get(rule, "ipv6_cidr_blocks", []); c == "::/0"],
)

# is_open_to_world is true when the rule allows 0.0.0.0/0 or ::/0.
is_open_to_world(rule) if "0.0.0.0/0" in rule.cidr_blocks

is_open_to_world(rule) if "::/0" in rule.ipv6_cidr_blocks

# all_protocols is true for protocol -1 (every protocol, every port).
all_protocols(rule) if rule.protocol == "-1"

# reaches_tcp_port is true when the rule admits TCP traffic to port: protocol -1, or tcp with
# from_port <= port <= to_port.
reaches_tcp_port(rule, _) if rule.protocol == "-1"

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
# from anywhere (0.0.0.0/0 or ::/0). An absent or null ingress list has none.
world_ingress_to_port(r, port) := [rule_evidence(rule) |
	some rule in r.attributes.ingress
	is_open_to_world(rule)
	reaches_tcp_port(rule, port)
]

# world_open_group_ids are the ids of the security groups with an ingress rule open to the internet
# (0.0.0.0/0 or ::/0): the only groups whose ports the rules need to check. The tests are written inline,
# so the other groups cost no function call.
world_open_group_ids contains r.id if {
	some r in resources("aws.ec2.security_group")
	some rule in r.attributes.ingress
	"0.0.0.0/0" in rule.cidr_blocks
}

world_open_group_ids contains r.id if {
	some r in resources("aws.ec2.security_group")
	some rule in r.attributes.ingress
	"::/0" in rule.ipv6_cidr_blocks
}

# world_ingress lists the ingress rules of security group r that admit traffic from anywhere, whatever
# the protocol and ports: the only rules the port checks need to look at.
world_ingress(r) := [rule |
	some rule in r.attributes.ingress
	is_open_to_world(rule)
]

# ingress_unknown is true when the group's ingress rules, or part of them, are unknown.
ingress_unknown(r) if unknown_within(r, "ingress")

# Exposure of one ingress rule to the internet depends only on its protocol, ports and CIDRs: an
# unknown description, referenced security group or prefix list never makes the internet a source.
# The helpers below read rule i of a list of rules (ingress, or possible_ingress: the rules that may also
# apply to the group, docs/inventory.md); an unknown value may be anything, a known one must match.
#
# When rules may apply to the group but not for sure (a standalone rule whose security group, type or
# count is unknown), ingress keeps the rules known to apply and the path one past them (ingress.N) is
# unknown: more rules may follow. What may follow is listed in possible_ingress: the result is unknown only
# when one of those could open the port, and a known open rule fails whatever may follow. Without a
# possible_ingress list, what may follow is anything.

_exposure_fields := {"protocol", "from_port", "to_port", "cidr_blocks", "ipv6_cidr_blocks"}

_rule_path(list, i, field) := sprintf("%s.%d.%s", [list, i, field])

# _undecided_rules is the set of indexes of the ingress rules with an unknown exposure field (or that are
# unknown as a whole, or may follow the known ones), read from the resource's unknown paths.
_undecided_rules(r) := {i |
	some u in _unknown_list(r)
	startswith(u, "ingress.")
	parts := split(u, ".")
	_exposure_path(parts)
	i := to_number(parts[1])
}

_exposure_path(parts) if count(parts) == 2

_exposure_path(parts) if parts[2] in _exposure_fields

# _list_rule is rule i of list, or null when the list or the element is unknown or absent.
_list_rule(r, list, i) := rule if {
	rule := value(r, list, [])[i]
} else := null

# _more_listed is true when index i lies past the known ingress rules and the rules that may follow are
# listed in possible_ingress: those rules, not the unknown index, decide.
_more_listed(r, i) if {
	i >= count(value(r, "ingress", []))
	is_array(get(r, "possible_ingress", null))
}

_may_be_open(r, list, i, _) if is_unknown(r, _rule_path(list, i, "cidr_blocks"))

_may_be_open(r, list, i, _) if is_unknown(r, _rule_path(list, i, "ipv6_cidr_blocks"))

_may_be_open(_, _, _, rule) if is_open_to_world(rule)

_may_be_protocol(r, list, i, _, _) if is_unknown(r, _rule_path(list, i, "protocol"))

_may_be_protocol(_, _, _, rule, protocols) if rule.protocol in protocols

_may_start_at_most(r, list, i, _, _) if is_unknown(r, _rule_path(list, i, "from_port"))

_may_start_at_most(_, _, _, rule, port) if rule.from_port <= port

_may_end_at_least(r, list, i, _, _) if is_unknown(r, _rule_path(list, i, "to_port"))

_may_end_at_least(_, _, _, rule, port) if rule.to_port >= port

_may_reach_tcp_port(r, list, i, rule, _) if _may_be_protocol(r, list, i, rule, {"-1"})

_may_reach_tcp_port(r, list, i, rule, port) if {
	_may_be_protocol(r, list, i, rule, {"tcp"})
	_may_start_at_most(r, list, i, rule, port)
	_may_end_at_least(r, list, i, rule, port)
}

_may_be_all_traffic(r, list, i, rule) if _may_be_protocol(r, list, i, rule, {"-1"})

_may_be_all_traffic(r, list, i, rule) if {
	_may_be_protocol(r, list, i, rule, {"tcp", "udp"})
	_may_start_at_most(r, list, i, rule, 0)
	_may_end_at_least(r, list, i, rule, 65535)
}

_rule_unknown_paths(r, list, i) := {u |
	some u in _unknown_list(r)
	prefix := sprintf("%s.%d", [list, i])
	startswith(concat("", [u, "."]), concat("", [prefix, "."]))
}

_whole_ingress_unknown(r) := ["ingress"] if is_unknown(r, "ingress")

else := []

# _more_unknown is what the result depends on when the possible_ingress rules ks may open the group: the
# unknown index past the known rules and the unknown values of those rules. Empty when ks is.
_more_unknown(r, ks) := {u |
	count(ks) > 0
	some i in _undecided_rules(r)
	_more_listed(r, i)
	some u in array.concat([sprintf("ingress.%d", [i])], [p | some k in ks; some p in _rule_unknown_paths(r, "possible_ingress", k)])
}

# _possible_to_port is the set of indexes of the possible_ingress rules that may admit TCP traffic to port
# from the internet.
_possible_to_port(r, port) := {k |
	some k, rule in value(r, "possible_ingress", [])
	_may_be_open(r, "possible_ingress", k, rule)
	_may_reach_tcp_port(r, "possible_ingress", k, rule, port)
}

# _possible_all_traffic is _possible_to_port for all traffic.
_possible_all_traffic(r) := {k |
	some k, rule in value(r, "possible_ingress", [])
	_may_be_open(r, "possible_ingress", k, rule)
	_may_be_all_traffic(r, "possible_ingress", k, rule)
}

# ingress_unknown_to_port returns the unknown paths on which it depends whether the group admits TCP
# traffic to port from the internet: the ingress list itself, the unknown values of the rules whose
# known values do not already rule it out, or the rules that may follow the known ones when one of them
# could. Empty when the known values decide.
ingress_unknown_to_port(r, port) := array.concat(_whole_ingress_unknown(r), sort({u |
	some i in _undecided_rules(r)
	not _more_listed(r, i)
	rule := _list_rule(r, "ingress", i)
	_may_be_open(r, "ingress", i, rule)
	_may_reach_tcp_port(r, "ingress", i, rule, port)
	some u in _rule_unknown_paths(r, "ingress", i)
} | _more_unknown(r, _possible_to_port(r, port))))

# ingress_unknown_all_traffic is ingress_unknown_to_port for a rule admitting every protocol, or every
# TCP or UDP port, from the internet.
ingress_unknown_all_traffic(r) := array.concat(_whole_ingress_unknown(r), sort({u |
	some i in _undecided_rules(r)
	not _more_listed(r, i)
	rule := _list_rule(r, "ingress", i)
	_may_be_open(r, "ingress", i, rule)
	_may_be_all_traffic(r, "ingress", i, rule)
	some u in _rule_unknown_paths(r, "ingress", i)
} | _more_unknown(r, _possible_all_traffic(r))))

# possible_note names, for an unknown result's message, the rule blocks that may also apply to the group
# (possible_ingress) and could admit TCP traffic to one of ports from the internet: "" when there are none.
possible_note(r, ports) := _note(sort({src |
	some port in ports
	some k in _possible_to_port(r, port)
	src := value(r, "possible_ingress", [])[k].source
}))

# possible_note_all_traffic is possible_note for all traffic.
possible_note_all_traffic(r) := _note(sort({src |
	some k in _possible_all_traffic(r)
	src := value(r, "possible_ingress", [])[k].source
}))

_note(sources) := "" if {
	count(sources) == 0
} else := sprintf(": %s may also apply to it", [concat(", ", sources)])
