package vigil.aws.ec2.nacl_admin_ports_test

import data.vigil.aws.ec2.nacl_admin_ports as rule

acl(ingress, unknown) := {"by_type": {"aws.ec2.network_acl": [{
	"id": "aws_network_acl.public",
	"type": "aws.ec2.network_acl",
	"name": "public",
	"attributes": {"vpc_id": "vpc-1", "is_default": false, "ingress": ingress, "egress": []},
	"unknown": unknown,
}]}}

entry(n, action, proto, from, to, v4) := {
	"rule_number": n, "action": action, "protocol": proto, "from_port": from, "to_port": to,
	"cidr_block": v4, "ipv6_cidr_block": null,
}

entry6(n, action, proto, from, to) := {
	"rule_number": n, "action": action, "protocol": proto, "from_port": from, "to_port": to,
	"cidr_block": null, "ipv6_cidr_block": "::/0",
}

test_web_only_passes if {
	inp := acl([entry(100, "allow", "tcp", 443, 443, "0.0.0.0/0"), entry(110, "allow", "tcp", 22, 22, "10.0.0.0/8")], [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_ssh_from_internet_fails if {
	denies := rule.deny with input as acl([entry(100, "allow", "tcp", 22, 22, "0.0.0.0/0")], [])
	count(denies) == 1
	some d in denies
	d.message == "network ACL \"public\" allows administration ports from the internet: tcp/22 from 0.0.0.0/0 (rule 100)"
	d.evidence.open == [{"rule_number": 100, "protocol": "tcp", "port": 22, "source": "0.0.0.0/0"}]
}

test_all_traffic_allow_fails_every_port_and_transport if {
	denies := rule.deny with input as acl([entry6(100, "allow", "-1", 0, 65535)], [])
	some d in denies
	count(d.evidence.open) == 4
}

test_udp_rdp_counts if {
	count(rule.deny) == 1 with input as acl([entry(100, "allow", "udp", 3389, 3389, "0.0.0.0/0")], [])
}

test_earlier_deny_closes_the_port if {
	inp := acl([entry(50, "deny", "tcp", 0, 1024, "0.0.0.0/0"), entry(60, "deny", "-1", 0, 65535, "0.0.0.0/0"), entry(100, "allow", "-1", 0, 65535, "0.0.0.0/0")], [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_later_deny_does_not_close_it if {
	count(rule.deny) == 1 with input as acl([entry(200, "deny", "tcp", 22, 22, "0.0.0.0/0"), entry(100, "allow", "tcp", 22, 22, "0.0.0.0/0")], [])
}

test_deny_of_the_other_family_does_not_close_it if {
	count(rule.deny) == 1 with input as acl([entry6(50, "deny", "-1", 0, 65535), entry(100, "allow", "tcp", 22, 22, "0.0.0.0/0")], [])
}

test_earlier_unknown_entry_makes_an_allow_unknown if {
	unknown_deny := {"rule_number": 50, "action": "deny", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_block": null, "ipv6_cidr_block": null}
	inp := acl([unknown_deny, entry(100, "allow", "tcp", 22, 22, "0.0.0.0/0")], ["ingress.0.cidr_block"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["ingress.0.cidr_block"]
}

test_unknown_deny_after_nothing_open_is_a_pass if {
	unknown_deny := {"rule_number": 50, "action": "deny", "protocol": "-1", "from_port": 0, "to_port": 65535, "cidr_block": null}
	inp := acl([unknown_deny, entry(100, "allow", "tcp", 443, 443, "0.0.0.0/0")], ["ingress.0.cidr_block"])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_allow_is_unknown if {
	inp := acl([{"rule_number": 100, "action": "allow", "protocol": "tcp", "from_port": null, "to_port": null, "cidr_block": "0.0.0.0/0"}], ["ingress.0.from_port", "ingress.0.to_port"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["ingress.0.from_port", "ingress.0.to_port"]
}

test_unknown_list_is_unknown if {
	inp := acl(null, ["ingress"])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_not_collected_is_unknown_never_a_pass if {
	inp := {"by_type": {"aws.ec2.network_acl": [{"id": "a", "type": "aws.ec2.network_acl", "name": "a", "attributes": {}, "unknown": []}]}}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
