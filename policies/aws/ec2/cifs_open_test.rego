package vigil.aws.ec2.cifs_open_test

import data.vigil.aws.ec2.cifs_open

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
	inp := sg([rule("tcp", 445, 445, ["10.0.0.0/8"], []), rule("tcp", 443, 443, ["0.0.0.0/0"], ["::/0"])], [])
	count(cifs_open.deny) == 0 with input as inp
	count(cifs_open.unknown) == 0 with input as inp
}

test_open_ipv4_fails if {
	inp := sg([rule("tcp", 445, 445, ["0.0.0.0/0"], [])], [])
	denies := cifs_open.deny with input as inp
	count(denies) == 1
	some d in denies
	d.resource == "aws_security_group.web"
	d.message == "security group \"web\" allows CIFS/SMB (port 445) from 0.0.0.0/0"
	d.evidence.ingress[0].from_port == 445
}

test_open_ipv6_fails if {
	denies := cifs_open.deny with input as sg([rule("tcp", 445, 445, [], ["::/0"])], [])
	some d in denies
	d.message == "security group \"web\" allows CIFS/SMB (port 445) from ::/0"
}

test_full_port_range_includes_port if {
	count(cifs_open.deny) == 1 with input as sg([rule("tcp", 0, 65535, ["0.0.0.0/0"], [])], [])
}

test_all_protocols_includes_port if {
	count(cifs_open.deny) == 1 with input as sg([rule("-1", 0, 0, ["0.0.0.0/0"], [])], [])
}

test_udp_does_not_count if {
	count(cifs_open.deny) == 0 with input as sg([rule("udp", 445, 445, ["0.0.0.0/0"], [])], [])
}

test_unknown_cidr if {
	inp := sg([rule("tcp", 445, 445, null, [])], ["ingress.0.cidr_blocks"])
	count(cifs_open.deny) == 0 with input as inp
	unknowns := cifs_open.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["ingress.0.cidr_blocks"]
}

test_known_open_with_other_unknown_is_only_denied if {
	inp := sg([rule("tcp", 445, 445, ["0.0.0.0/0"], []), rule("tcp", 80, 80, null, [])], ["ingress.1.cidr_blocks"])
	count(cifs_open.deny) == 1 with input as inp
	count(cifs_open.unknown) == 0 with input as inp
}

# An unknown CIDR on a rule whose known ports exclude 445 leaves the result decided.
test_unknown_cidr_elsewhere_passes if {
	inp := sg([rule("tcp", 5432, 5432, null, []), rule("tcp", 15, 25, null, [])], ["ingress.0.cidr_blocks", "ingress.1.cidr_blocks"])
	count(cifs_open.deny) == 0 with input as inp
	count(cifs_open.unknown) == 0 with input as inp
}

test_two_halves_of_the_internet_fail if {
	inp := sg([rule("tcp", 445, 445, ["0.0.0.0/1"], []), rule("-1", 0, 0, ["128.0.0.0/1"], [])], [])
	count(cifs_open.deny) == 1 with input as inp
}
