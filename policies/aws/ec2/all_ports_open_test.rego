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
