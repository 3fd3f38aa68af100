package vigil.lib

# Security group helpers. A rule is {protocol, from_port, to_port, cidr_blocks, ipv6_cidr_blocks, ...}
# with protocol normalised to tcp, udp, icmp, icmpv6 or -1 (all).

# The "anywhere" CIDRs. The helpers below write them out: a reference to a rule costs a lookup per call.
open_ipv4 := "0.0.0.0/0"

open_ipv6 := "::/0"

# Open to the internet (docs/rules.md, "Open to the internet"). The CIDRs allowed to reach a port open it
# to the internet when
#   - one of them is wider than every private range: an IPv4 CIDR shorter than /8 (10.0.0.0/8 is the
#     widest private range; 0.0.0.0/1 is half the internet) or an IPv6 CIDR shorter than /7 (fc00::/7,
#     unique local addresses, is the widest range that is not global); 0.0.0.0/0 and ::/0 are;
#   - or, together, across every known ingress rule of the group that reaches the port, they cover all of
#     0.0.0.0/0 or ::/0 (0.0.0.0/1 and 128.0.0.0/1 in two rules are the whole IPv4 internet).
# A CIDR that is not a valid CIDR string is ignored: AWS refuses it.

# rule_cidrs lists the valid IPv4 and IPv6 CIDRs of a security group rule.
rule_cidrs(rule) := [c |
	some c in array.concat(_cidr_list(rule, "cidr_blocks"), _cidr_list(rule, "ipv6_cidr_blocks"))
	is_string(c)
	net.cidr_is_valid(c)
]

_cidr_list(rule, key) := v if {
	v := object_get(rule, key, [])
	is_array(v)
} else := []

# wide_cidr is true for a valid CIDR wider than every private range: IPv4 shorter than /8, IPv6 shorter
# than /7.
wide_cidr(c) if {
	parts := split(c, "/")
	count(parts) == 2
	not contains(parts[0], ":")
	to_number(parts[1]) < 8
}

wide_cidr(c) if {
	parts := split(c, "/")
	count(parts) == 2
	contains(parts[0], ":")
	to_number(parts[1]) < 7
}

# covers_internet is true when the valid CIDRs cidrs, taken together, open to the internet: one is wide,
# or their union is 0.0.0.0/0 or ::/0.
covers_internet(cidrs) if {
	some c in cidrs
	wide_cidr(c)
}

covers_internet(cidrs) if {
	count(cidrs) > 1
	some m in net.cidr_merge(cidrs)
	m in {"0.0.0.0/0", "::/0"}
}

# open_cidrs lists the CIDRs through which a rule alone opens to the internet: its wide CIDRs, or all of
# them when together they cover 0.0.0.0/0 or ::/0.
open_cidrs(rule) := wide if {
	wide := [c | some c in rule_cidrs(rule); wide_cidr(c)]
	count(wide) > 0
} else := cidrs if {
	cidrs := rule_cidrs(rule)
	covers_internet(cidrs)
} else := []

# is_open_to_world is true when the rule alone opens to the internet (open_cidrs). Written out for the
# common cases first: a reference to open_cidrs costs its whole computation.
is_open_to_world(rule) if "0.0.0.0/0" in rule.cidr_blocks

is_open_to_world(rule) if "::/0" in rule.ipv6_cidr_blocks

is_open_to_world(rule) if {
	some c in rule.cidr_blocks
	_wide_valid(c)
}

is_open_to_world(rule) if {
	some c in rule.ipv6_cidr_blocks
	_wide_valid(c)
}

is_open_to_world(rule) if {
	count([c | some c in rule.cidr_blocks]) + count([c | some c in rule.ipv6_cidr_blocks]) > 1
	covers_internet(rule_cidrs(rule))
}

# all_protocols is true for protocol -1 (every protocol, every port).
all_protocols(rule) if rule.protocol == "-1"

# reaches_tcp_port is true when the rule admits TCP traffic to port: protocol -1, or tcp with
# from_port <= port <= to_port.
reaches_tcp_port(rule, _) if rule.protocol == "-1"

reaches_tcp_port(rule, port) if {
	rule.protocol == "tcp"
	number_at_least(port, rule.from_port)
	number_at_least(rule.to_port, port)
}

# rule_evidence is the part of a security group rule shown as evidence: cidr_blocks are the CIDRs that
# open it alone, or all its CIDRs when it opens the port only with the group's other rules.
rule_evidence(rule) := {
	"protocol": object_get(rule, "protocol", null),
	"from_port": object_get(rule, "from_port", null),
	"to_port": object_get(rule, "to_port", null),
	"cidr_blocks": _evidence_cidrs(rule),
	"source": object_get(rule, "source", null),
}

_evidence_cidrs(rule) := cidrs if {
	cidrs := open_cidrs(rule)
	count(cidrs) > 0
} else := rule_cidrs(rule)

# world_open_among lists, as evidence, the rules of rules (all admitting the same traffic) that open it to
# the internet: those open alone, or else every rule with a CIDR when their CIDRs together cover the
# internet. Empty when they do not.
world_open_among(rules) := found if {
	found := [rule_evidence(rule) | some rule in rules; is_open_to_world(rule)]
	count(found) > 0
} else := found if {
	count(rules) > 1
	covers_internet([c | some rule in rules; some c in rule_cidrs(rule)])
	found := [rule_evidence(rule) | some rule in rules; count(rule_cidrs(rule)) > 0]
} else := []

# world_ingress_to_port lists the ingress rules of security group r through which TCP traffic to port
# reaches it from the internet (world_open_among). An absent or null ingress list has none.
world_ingress_to_port(r, port) := world_open_among([rule |
	some rule in _ingress(r)
	reaches_tcp_port(rule, port)
])

_ingress(r) := v if {
	v := object_get(r.attributes, "ingress", [])
	is_array(v)
} else := []

# world_open_group_ids are the ids of the security groups whose ingress rules open some traffic to the
# internet: a rule open alone, or rules whose CIDRs together cover it (whatever their ports; the rules
# check the ports). The only groups whose ports the rules need to check.
world_open_group_ids contains r.id if {
	some r in resources("aws.ec2.security_group")
	some rule in r.attributes.ingress
	some c in rule.cidr_blocks
	_wide_valid(c)
}

world_open_group_ids contains r.id if {
	some r in resources("aws.ec2.security_group")
	some rule in r.attributes.ingress
	some c in rule.ipv6_cidr_blocks
	_wide_valid(c)
}

world_open_group_ids contains id if some id in union_open_group_ids

# union_open_group_ids are the ids of the security groups whose CIDRs, across all their ingress rules, cover
# the internet: the only groups where rules that are not open alone may open a port together.
union_open_group_ids contains r.id if {
	some r in _several_cidr_groups
	cidrs := [c | some rule in _ingress(r); some c in rule_cidrs(rule)]
	count(cidrs) > 1
	covers_internet(cidrs)
}

# _several_cidr_groups are the security groups with more than one ingress rule, or a rule with more than
# one CIDR: the others have no union to compute. References only, no built-in call.
_several_cidr_groups contains r if {
	some r in resources("aws.ec2.security_group")
	_ = r.attributes.ingress[1]
}

_several_cidr_groups contains r if {
	some r in resources("aws.ec2.security_group")
	some rule in r.attributes.ingress
	_ = rule.cidr_blocks[1]
}

_several_cidr_groups contains r if {
	some r in resources("aws.ec2.security_group")
	some rule in r.attributes.ingress
	_ = rule.ipv6_cidr_blocks[1]
}

_several_cidr_groups contains r if {
	some r in resources("aws.ec2.security_group")
	some rule in r.attributes.ingress
	_ = rule.cidr_blocks[0]
	_ = rule.ipv6_cidr_blocks[0]
}

# _wide_valid is wide_cidr for any value, cheaply: a string ending in a one-digit prefix length is
# checked further.
_wide_valid(c) if {
	is_string(c)
	regex.match(`/[0-7]$`, c)
	net.cidr_is_valid(c)
	wide_cidr(c)
}

# ingress_wrong_types lists the attribute paths of security group r whose values are not of the types
# the exposure checks read: the ingress list, its rules, and their protocol, ports and CIDR lists.
ingress_wrong_types(r) := [] if {
	not r.id in ingress_wrong_type_ids
} else := [dotted(p) | some p in _ingress_wrong_type_paths(r)]

# ingress_wrong_type_ids are the ids of the security groups with an ingress_wrong_types path, found inline.
ingress_wrong_type_ids contains r.id if {
	some r in resources("aws.ec2.security_group")
	ingress := r.attributes.ingress
	ingress != null
	not is_array(ingress)
}

ingress_wrong_type_ids contains r.id if {
	some r in resources("aws.ec2.security_group")
	some rule in r.attributes.ingress
	rule != null
	not _well_typed_rule(rule)
	count(_rule_wrong_type_paths(r, 0, rule)) > 0
}

_ingress_wrong_type_paths(r) := [["ingress"]] if {
	wrong_type(r, ["ingress"], "array")
} else := [p |
	some i, rule in _ingress(r)
	not _well_typed_rule(rule)
	some p in _rule_wrong_type_paths(r, i, rule)
]

# _well_typed_rule is the common case, written inline: every exposure field present and of its type.
_well_typed_rule(rule) if {
	is_string(rule.protocol)
	is_number(rule.from_port)
	is_number(rule.to_port)
	is_array(rule.cidr_blocks)
	is_array(rule.ipv6_cidr_blocks)
}

# A null rule is an unknown one (ingress_unknown_to_port), not one of the wrong type.
_rule_wrong_type_paths(_, i, rule) := [] if {
	rule == null
} else := [["ingress", i]] if {
	not is_object(rule)
} else := [["ingress", i, k] |
	some k, kind in {"protocol": "string", "from_port": "number", "to_port": "number", "cidr_blocks": "array", "ipv6_cidr_blocks": "array"}
	v := object.get(rule, k, null)
	v != null
	type_name(v) != kind
]

# world_ingress lists the ingress rules of security group r that open to the internet alone, whatever
# the protocol and ports.
world_ingress(r) := [rule |
	some rule in _ingress(r)
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

# A rule with a CIDR, in a group whose known rules together cover the internet, may be one of the rules
# that open the port.
_may_be_open(r, _, _, rule) if {
	count(rule_cidrs(rule)) > 0
	r.id in world_open_group_ids
}

_may_be_protocol(r, list, i, _, _) if is_unknown(r, _rule_path(list, i, "protocol"))

_may_be_protocol(_, _, _, rule, protocols) if rule.protocol in protocols

_may_start_at_most(r, list, i, _, _) if is_unknown(r, _rule_path(list, i, "from_port"))

_may_start_at_most(_, _, _, rule, port) if number_at_least(port, rule.from_port)

_may_end_at_least(r, list, i, _, _) if is_unknown(r, _rule_path(list, i, "to_port"))

_may_end_at_least(_, _, _, rule, port) if number_at_least(rule.to_port, port)

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
