package vigil.aws.ec2.database_ports_open_test

import data.vigil.aws.ec2.database_ports_open

sg(ingress, unknown) := {"by_type": {"aws.ec2.security_group": [{
	"id": "aws_security_group.db",
	"type": "aws.ec2.security_group",
	"name": "db",
	"attributes": {"ingress": ingress},
	"unknown": unknown,
}]}}

rule(protocol, from, to, v4, v6) := {"protocol": protocol, "from_port": from, "to_port": to, "cidr_blocks": v4, "ipv6_cidr_blocks": v6}

test_app_sg_only_passes if {
	inp := sg([{"protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_blocks": [], "security_groups": ["aws_security_group.app"]}], [])
	count(database_ports_open.deny) == 0 with input as inp
	count(database_ports_open.unknown) == 0 with input as inp
}

test_postgres_open_fails if {
	denies := database_ports_open.deny with input as sg([rule("tcp", 5432, 5432, ["0.0.0.0/0"], [])], [])
	count(denies) == 1
	some d in denies
	d.message == "security group \"db\" exposes database ports 5432 to 0.0.0.0/0"
	d.evidence.ports == [5432]
}

test_range_covers_several_ports if {
	denies := database_ports_open.deny with input as sg([rule("tcp", 1000, 6000, [], ["::/0"])], [])
	some d in denies
	d.evidence.ports == [1433, 1521, 3306, 5432]
	count(d.evidence.ingress) == 1
}

test_all_protocols_exposes_all if {
	denies := database_ports_open.deny with input as sg([rule("-1", 0, 0, ["0.0.0.0/0"], [])], [])
	some d in denies
	count(d.evidence.ports) == 7
}

test_unknown_ingress if {
	inp := sg([rule("tcp", 3306, 3306, null, null)], ["ingress.0.cidr_blocks", "ingress.0.ipv6_cidr_blocks"])
	count(database_ports_open.deny) == 0 with input as inp
	count(database_ports_open.unknown) == 1 with input as inp
}

# An unknown CIDR on a rule for a port that is not a database port leaves the result decided.
test_unknown_cidr_on_other_port_passes if {
	inp := sg([rule("tcp", 443, 443, null, []), rule("tcp", 5433, 6000, ["0.0.0.0/0"], [])], ["ingress.0.cidr_blocks"])
	count(database_ports_open.deny) == 0 with input as inp
	count(database_ports_open.unknown) == 0 with input as inp
}

test_unknown_cidr_on_database_port if {
	inp := sg([rule("tcp", 443, 443, null, []), rule("tcp", 5432, 5432, null, [])], ["ingress.0.cidr_blocks", "ingress.1.cidr_blocks"])
	unknowns := database_ports_open.unknown with input as inp
	some u in unknowns
	u.missing == ["ingress.1.cidr_blocks"]
}

# Rules that may also apply to the group are listed in possible_ingress; ingress.N past the known rules is
# unknown. Only a possible rule reaching a database port from the internet leaves the result unknown.
sg_with_possible(ingress, possible, unknown) := {"by_type": {"aws.ec2.security_group": [{
	"id": "aws_security_group.db",
	"type": "aws.ec2.security_group",
	"name": "db",
	"attributes": {"ingress": ingress, "possible_ingress": possible},
	"unknown": unknown,
}]}}

test_possible_rule_on_database_port if {
	inp := sg_with_possible([rule("tcp", 443, 443, ["0.0.0.0/0"], [])], [rule("tcp", 5432, 5432, ["0.0.0.0/0"], [])], ["ingress.1"])
	count(database_ports_open.deny) == 0 with input as inp
	unknowns := database_ports_open.unknown with input as inp
	some u in unknowns
	u.missing == ["ingress.1"]
	inp2 := sg_with_possible([rule("tcp", 5432, 5432, ["0.0.0.0/0"], [])], [rule("tcp", 3306, 3306, ["0.0.0.0/0"], [])], ["ingress.1"])
	count(database_ports_open.deny) == 1 with input as inp2
	count(database_ports_open.unknown) == 0 with input as inp2
	inp3 := sg_with_possible([], [rule("tcp", 22, 22, ["0.0.0.0/0"], [])], ["ingress.0"])
	count(database_ports_open.unknown) == 0 with input as inp3
}

test_two_halves_of_the_internet_fail if {
	inp := sg([rule("tcp", 5432, 5432, ["0.0.0.0/1"], []), rule("tcp", 5000, 6000, [], []), rule("tcp", 3000, 6000, ["128.0.0.0/1"], [])], [])
	denies := database_ports_open.deny with input as inp
	count(denies) == 1
	some d in denies
	{c | some f in d.evidence.ingress; some c in f.cidr_blocks} == {"0.0.0.0/1", "128.0.0.0/1"}
}

test_narrow_blocks_that_cover_the_internet_together_fail if {
	low := [sprintf("%d.0.0.0/8", [i]) | some i in numbers.range(0, 127)]
	high := [sprintf("%d.0.0.0/8", [i]) | some i in numbers.range(128, 255)]
	inp := sg([rule("tcp", 5432, 5432, low, []), rule("tcp", 3306, 5432, high, [])], [])
	denies := database_ports_open.deny with input as inp
	count(denies) == 1
	some d in denies
	d.evidence.ports == [5432]
}
