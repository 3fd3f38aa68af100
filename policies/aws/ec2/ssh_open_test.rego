package vigil.aws.ec2.ssh_open_test

import data.vigil.aws.ec2.ssh_open

sg(ingress, unknown) := {"by_type": {"aws.ec2.security_group": [{
	"id": "aws_security_group.web",
	"type": "aws.ec2.security_group",
	"name": "web",
	"attributes": {"ingress": ingress, "egress": []},
	"unknown": unknown,
}]}}

rule(protocol, from, to, v4, v6) := {
	"protocol": protocol, "from_port": from, "to_port": to,
	"cidr_blocks": v4, "ipv6_cidr_blocks": v6,
	"source": "aws_security_group.web",
}

test_private_cidr_passes if {
	inp := sg([rule("tcp", 22, 22, ["10.0.0.0/8"], []), rule("tcp", 443, 443, ["0.0.0.0/0"], ["::/0"])], [])
	count(ssh_open.deny) == 0 with input as inp
	count(ssh_open.unknown) == 0 with input as inp
}

test_open_ipv4_fails if {
	inp := sg([rule("tcp", 22, 22, ["0.0.0.0/0"], [])], [])
	denies := ssh_open.deny with input as inp
	count(denies) == 1
	some d in denies
	d.resource == "aws_security_group.web"
	d.message == "security group \"web\" allows SSH (port 22) from 0.0.0.0/0"
	d.evidence.ingress[0].from_port == 22
}

test_open_ipv6_fails if {
	denies := ssh_open.deny with input as sg([rule("tcp", 22, 22, [], ["::/0"])], [])
	some d in denies
	d.message == "security group \"web\" allows SSH (port 22) from ::/0"
}

test_full_port_range_includes_port if {
	count(ssh_open.deny) == 1 with input as sg([rule("tcp", 0, 65535, ["0.0.0.0/0"], [])], [])
}

test_all_protocols_includes_port if {
	count(ssh_open.deny) == 1 with input as sg([rule("-1", 0, 0, ["0.0.0.0/0"], [])], [])
}

test_udp_does_not_count if {
	count(ssh_open.deny) == 0 with input as sg([rule("udp", 22, 22, ["0.0.0.0/0"], [])], [])
}

test_unknown_cidr if {
	inp := sg([rule("tcp", 22, 22, null, [])], ["ingress.0.cidr_blocks"])
	count(ssh_open.deny) == 0 with input as inp
	unknowns := ssh_open.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["ingress.0.cidr_blocks"]
}

test_known_open_with_other_unknown_is_only_denied if {
	inp := sg([rule("tcp", 22, 22, ["0.0.0.0/0"], []), rule("tcp", 80, 80, null, [])], ["ingress.1.cidr_blocks"])
	count(ssh_open.deny) == 1 with input as inp
	count(ssh_open.unknown) == 0 with input as inp
}

# Only a rule's protocol, ports and CIDRs decide its exposure: an unknown description or source security
# group, or an unknown CIDR on a rule whose known ports exclude 22, leave the result decided.
test_unknown_values_that_cannot_open_the_port_pass if {
	inp := sg(
		[
			object.union(rule("tcp", 3306, 3306, [], []), {"description": null, "security_groups": null}),
			rule("tcp", 5432, 5432, null, []),
			rule("udp", 22, 22, null, null),
			rule(null, null, null, ["10.0.0.0/8"], []),
		],
		[
			"ingress.0.description", "ingress.0.security_groups", "ingress.1.cidr_blocks",
			"ingress.2.cidr_blocks", "ingress.2.ipv6_cidr_blocks",
			"ingress.3.from_port", "ingress.3.protocol", "ingress.3.to_port",
		],
	)
	count(ssh_open.deny) == 0 with input as inp
	count(ssh_open.unknown) == 0 with input as inp
}

test_unknown_cidr_on_range_covering_port if {
	inp := sg([rule("tcp", 443, 443, ["0.0.0.0/0"], []), rule("tcp", 15, 25, null, [])], ["ingress.1.cidr_blocks", "ingress.1.description"])
	unknowns := ssh_open.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["ingress.1.cidr_blocks", "ingress.1.description"]
	u.message == "ingress rules of security group \"web\" that may allow port 22 from the internet are unknown"
}

test_unknown_ports_on_open_rule if {
	inp := sg([rule("tcp", null, null, ["0.0.0.0/0"], [])], ["ingress.0.from_port", "ingress.0.to_port"])
	count(ssh_open.deny) == 0 with input as inp
	count(ssh_open.unknown) == 1 with input as inp
}

test_whole_ingress_unknown if {
	unknowns := ssh_open.unknown with input as sg(null, ["ingress"])
	some u in unknowns
	u.missing == ["ingress"]
}

# A standalone rule whose security group is unknown may apply to this group (docs/inventory.md): ingress
# keeps the rules known to apply, ingress.N past them is unknown and possible_ingress lists what may follow.
sg_with_possible(ingress, possible, unknown) := {"by_type": {"aws.ec2.security_group": [{
	"id": "aws_security_group.web",
	"type": "aws.ec2.security_group",
	"name": "web",
	"attributes": {"ingress": ingress, "egress": [], "possible_ingress": possible},
	"unknown": unknown,
}]}}

# The inline rule is known to open port 22: a rule that may also apply changes nothing.
test_known_open_with_possible_rule_fails if {
	inp := sg_with_possible(
		[rule("tcp", 22, 22, ["0.0.0.0/0"], [])],
		[rule("tcp", 22, 22, ["0.0.0.0/0"], [])],
		["ingress.1"],
	)
	denies := ssh_open.deny with input as inp
	count(denies) == 1
	some d in denies
	d.evidence.ingress[0].source == "aws_security_group.web"
	count(ssh_open.unknown) == 0 with input as inp
}

# Nothing known opens port 22, but the rule that may apply does: unknown, naming the unknown index.
test_possible_rule_open_is_unknown if {
	inp := sg_with_possible(
		[rule("tcp", 22, 22, ["10.0.0.0/8"], [])],
		[rule("tcp", 22, 22, ["0.0.0.0/0"], [])],
		["ingress.1"],
	)
	count(ssh_open.deny) == 0 with input as inp
	unknowns := ssh_open.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["ingress.1"]
	u.message == "ingress rules of security group \"web\" that may allow port 22 from the internet are unknown: aws_security_group.web may also apply to it"
}

# A rule that may apply but cannot open port 22 (another port, a private network) leaves the group decided.
test_possible_rule_that_cannot_open_passes if {
	inp := sg_with_possible(
		[],
		[rule("tcp", 443, 443, ["0.0.0.0/0"], []), rule("tcp", 22, 22, ["10.0.0.0/8"], [])],
		["ingress.0"],
	)
	count(ssh_open.deny) == 0 with input as inp
	count(ssh_open.unknown) == 0 with input as inp
}

# The possible rule's own unknown CIDR may open the port: its path is part of what is missing.
test_possible_rule_with_unknown_cidr if {
	inp := sg_with_possible([], [rule("tcp", 22, 22, null, [])], ["ingress.0", "possible_ingress.0.cidr_blocks"])
	unknowns := ssh_open.unknown with input as inp
	some u in unknowns
	u.missing == ["ingress.0", "possible_ingress.0.cidr_blocks"]
}

# Without a list of what may follow, the unknown index may be any rule.
test_more_rules_without_possible_list_is_unknown if {
	inp := sg([rule("tcp", 22, 22, ["10.0.0.0/8"], [])], ["ingress.1"])
	unknowns := ssh_open.unknown with input as inp
	some u in unknowns
	u.missing == ["ingress.1"]
}

# Inline rules unknown as a whole beside a rule resource known to apply: the known rule still decides a
# failure; ingress.1 past it is unconstrained (no possible_ingress), so a closed known rule is unknown.
test_unknown_inline_rules_beside_known_open_rule if {
	open := sg([rule("tcp", 22, 22, ["0.0.0.0/0"], [])], ["ingress.1"])
	count(ssh_open.deny) == 1 with input as open
	count(ssh_open.unknown) == 0 with input as open
	closed := sg([rule("tcp", 22, 22, ["10.0.0.0/8"], [])], ["ingress.1"])
	count(ssh_open.deny) == 0 with input as closed
	count(ssh_open.unknown) == 1 with input as closed
}

# A static inline rule beside a dynamic ingress block whose for_each is unknown (a partly known list,
# docs/inventory.md): the static rule is known and its source is the group itself; ingress.1 past it is
# what the dynamic block may add. A static rule open to the internet fails; a private one is unknown.
test_static_rule_beside_unknown_dynamic_block if {
	open := sg([rule("tcp", 22, 22, ["0.0.0.0/0"], [])], ["egress.1", "ingress.1"])
	denies := ssh_open.deny with input as open
	count(denies) == 1
	some d in denies
	d.evidence.ingress[0].source == "aws_security_group.web"
	count(ssh_open.unknown) == 0 with input as open

	private := sg([rule("tcp", 22, 22, ["10.0.0.0/8"], [])], ["egress.1", "ingress.1"])
	count(ssh_open.deny) == 0 with input as private
	unknowns := ssh_open.unknown with input as private
	some u in unknowns
	u.missing == ["ingress.1"]
}

low := [sprintf("%d.0.0.0/8", [i]) | some i in numbers.range(0, 127)]

high := [sprintf("%d.0.0.0/8", [i]) | some i in numbers.range(128, 255)]

test_two_halves_of_the_internet_fail if {
	inp := sg([rule("tcp", 22, 22, ["0.0.0.0/1"], []), rule("tcp", 0, 1024, ["128.0.0.0/1"], [])], [])
	denies := ssh_open.deny with input as inp
	some d in denies
	d.message == "security group \"web\" allows SSH (port 22) from 0.0.0.0/1, 128.0.0.0/1"
	count(d.evidence.ingress) == 2
}

test_two_halves_of_the_ipv6_internet_fail if {
	denies := ssh_open.deny with input as sg([rule("tcp", 22, 22, [], ["::/1", "8000::/1"])], [])
	some d in denies
	d.message == "security group \"web\" allows SSH (port 22) from 8000::/1, ::/1"
}

test_narrow_blocks_that_cover_the_internet_together_fail if {
	inp := sg([rule("tcp", 22, 22, low, []), rule("-1", 0, 0, high, []), rule("tcp", 22, 22, ["10.0.0.0/8"], [])], [])
	denies := ssh_open.deny with input as inp
	some d in denies
	count(d.evidence.ingress) == 3
}

test_narrow_blocks_when_one_port_range_is_unknown_is_unknown if {
	inp := sg([rule("tcp", 22, 22, low, []), rule("tcp", null, null, high, [])], ["ingress.1.from_port", "ingress.1.to_port"])
	count(ssh_open.deny) == 0 with input as inp
	count(ssh_open.unknown) == 1 with input as inp
}

test_half_of_the_internet_passes_only_when_narrow if {
	count(ssh_open.deny) == 0 with input as sg([rule("tcp", 22, 22, low, [])], [])
	count(ssh_open.deny) == 1 with input as sg([rule("tcp", 22, 22, ["0.0.0.0/1"], [])], [])
}

test_ingress_of_the_wrong_type_is_unknown if {
	every ingress in [
		"x",
		{"0": rule("tcp", 22, 22, ["0.0.0.0/0"], [])},
		[5],
		[rule("tcp", 22, 22, "0.0.0.0/0", [])],
		[rule("tcp", "22", 22, ["0.0.0.0/0"], [])],
		[rule(6, 22, 22, ["0.0.0.0/0"], [])],
	] {
		unknowns := ssh_open.unknown with input as sg(ingress, [])
		count(unknowns) == 1
	}
}
