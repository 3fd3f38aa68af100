package vigil.aws.ec2.all_ports_open_test

import data.vigil.aws.ec2.all_ports_open

sg(ingress, unknown) := {"by_type": {"aws.ec2.security_group": [{
	"id": "aws_security_group.open",
	"type": "aws.ec2.security_group",
	"name": "open",
	"attributes": {"ingress": ingress},
	"unknown": unknown,
}]}}

rule(protocol, from, to, v4, v6) := {"protocol": protocol, "from_port": from, "to_port": to, "cidr_blocks": v4, "ipv6_cidr_blocks": v6}

test_specific_port_passes if {
	inp := sg([rule("tcp", 443, 443, ["0.0.0.0/0"], ["::/0"])], [])
	count(all_ports_open.deny) == 0 with input as inp
	count(all_ports_open.unknown) == 0 with input as inp
}

test_all_protocols_from_internal_passes if {
	count(all_ports_open.deny) == 0 with input as sg([rule("-1", 0, 65535, ["10.0.0.0/16"], [])], [])
}

test_all_protocols_fails if {
	denies := all_ports_open.deny with input as sg([rule("-1", 0, 65535, ["0.0.0.0/0"], [])], [])
	count(denies) == 1
	some d in denies
	d.message == "security group \"open\" allows all traffic (all protocols) from 0.0.0.0/0"
	d.evidence.ingress[0].protocol == "-1"
}

test_full_tcp_range_ipv6_fails if {
	denies := all_ports_open.deny with input as sg([rule("tcp", 0, 65535, [], ["::/0"])], [])
	some d in denies
	d.message == "security group \"open\" allows all traffic (tcp 0-65535) from ::/0"
}

test_almost_full_range_passes if {
	count(all_ports_open.deny) == 0 with input as sg([rule("tcp", 1024, 65535, ["0.0.0.0/0"], [])], [])
}

test_unknown_ingress if {
	inp := sg(null, ["ingress"])
	count(all_ports_open.deny) == 0 with input as inp
	count(all_ports_open.unknown) == 1 with input as inp
}

# An unknown CIDR on a rule for a few known ports cannot admit all traffic; on protocol -1, or on a TCP
# rule whose range is unknown, it may.
test_unknown_cidr_on_narrow_rule_passes if {
	inp := sg([rule("tcp", 15, 25, null, [])], ["ingress.0.cidr_blocks"])
	count(all_ports_open.deny) == 0 with input as inp
	count(all_ports_open.unknown) == 0 with input as inp
}

test_unknown_cidr_on_all_protocols if {
	unknowns := all_ports_open.unknown with input as sg([rule("-1", 0, 0, null, [])], ["ingress.0.cidr_blocks"])
	some u in unknowns
	u.missing == ["ingress.0.cidr_blocks"]
}

test_unknown_range_on_open_tcp_rule if {
	inp := sg([rule("tcp", 0, null, ["0.0.0.0/0"], [])], ["ingress.0.to_port"])
	count(all_ports_open.unknown) == 1 with input as inp
}

test_unknown_end_after_known_high_start_passes if {
	count(all_ports_open.unknown) == 0 with input as sg([rule("tcp", 22, null, ["0.0.0.0/0"], [])], ["ingress.0.to_port"])
}

# Rules that may also apply to the group (a standalone rule whose security group is unknown) are listed in
# possible_ingress; ingress.N past the known rules is unknown.
sg_with_possible(ingress, possible, unknown) := {"by_type": {"aws.ec2.security_group": [{
	"id": "aws_security_group.open",
	"type": "aws.ec2.security_group",
	"name": "open",
	"attributes": {"ingress": ingress, "possible_ingress": possible},
	"unknown": unknown,
}]}}

test_known_all_traffic_with_possible_rule_fails if {
	inp := sg_with_possible([rule("-1", 0, 0, ["0.0.0.0/0"], [])], [rule("tcp", 22, 22, ["0.0.0.0/0"], [])], ["ingress.1"])
	count(all_ports_open.deny) == 1 with input as inp
	count(all_ports_open.unknown) == 0 with input as inp
}

test_possible_all_traffic_rule_is_unknown if {
	inp := sg_with_possible([], [rule("tcp", 0, 65535, ["0.0.0.0/0"], [])], ["ingress.0"])
	count(all_ports_open.deny) == 0 with input as inp
	unknowns := all_ports_open.unknown with input as inp
	some u in unknowns
	u.missing == ["ingress.0"]
}

test_possible_single_port_rule_passes if {
	inp := sg_with_possible([], [rule("tcp", 22, 22, ["0.0.0.0/0"], [])], ["ingress.0"])
	count(all_ports_open.deny) == 0 with input as inp
	count(all_ports_open.unknown) == 0 with input as inp
}

test_two_halves_of_the_internet_fail if {
	inp := sg([rule("-1", 0, 0, ["0.0.0.0/1"], []), rule("tcp", 0, 65535, ["128.0.0.0/1"], [])], [])
	denies := all_ports_open.deny with input as inp
	count(denies) == 1
	some d in denies
	{c | some f in d.evidence.ingress; some c in f.cidr_blocks} == {"0.0.0.0/1", "128.0.0.0/1"}
}

test_halves_on_partial_port_ranges_pass if {
	low := [sprintf("%d.0.0.0/8", [i]) | some i in numbers.range(0, 127)]
	high := [sprintf("%d.0.0.0/8", [i]) | some i in numbers.range(128, 255)]
	inp := sg([rule("-1", 0, 0, low, []), rule("tcp", 22, 22, high, [])], [])
	count(all_ports_open.deny) == 0 with input as inp
}
