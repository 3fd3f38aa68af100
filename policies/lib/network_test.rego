package vigil.lib_test

import data.vigil.lib

test_reaches_tcp_port_range if {
	lib.reaches_tcp_port({"protocol": "tcp", "from_port": 0, "to_port": 65535}, 22)
	lib.reaches_tcp_port({"protocol": "tcp", "from_port": 22, "to_port": 22}, 22)
	lib.reaches_tcp_port({"protocol": "-1", "from_port": 0, "to_port": 0}, 3389)
	not lib.reaches_tcp_port({"protocol": "udp", "from_port": 0, "to_port": 65535}, 22)
	not lib.reaches_tcp_port({"protocol": "tcp", "from_port": 23, "to_port": 80}, 22)
}

test_open_cidrs if {
	lib.open_cidrs({"cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]}) == ["0.0.0.0/0", "::/0"]
	not lib.is_open_to_world({"cidr_blocks": ["10.0.0.0/8"]})
	not lib.is_open_to_world({"security_groups": ["sg-1"]})
}

test_is_unknown_parent_and_child if {
	r := {"unknown": ["encryption", "ingress.0.cidr_blocks"]}
	lib.is_unknown(r, "encryption.algorithm")
	lib.is_unknown(r, "encryption")
	not lib.is_unknown(r, "encryptions")
	not lib.is_unknown(r, "ingress")
	lib.unknown_within(r, "ingress")
	not lib.is_unknown({}, "x")
}

test_value_defaults if {
	r := {"attributes": {"a": {"b": null, "c": false}}}
	lib.value(r, "a.b", 7) == 7
	lib.value(r, "a.c", true) == false
	lib.value(r, "a.d.e", "x") == "x"
	lib.get(r, "a.b", 7) == null
}

test_resources_missing_type if {
	lib.resources("aws.s3.bucket") == [] with input as {"by_type": {}}
	lib.resources("aws.s3.bucket") == [] with input as {}
}

test_label_falls_back_to_id if {
	lib.label({"id": "aws_s3_bucket.a", "name": ""}) == "aws_s3_bucket.a"
	lib.label({"id": "aws_s3_bucket.a"}) == "aws_s3_bucket.a"
	lib.label({"id": "aws_s3_bucket.a", "name": "a"}) == "a"
}

test_world_open_groups if {
	open4 := {"id": "a", "attributes": {"ingress": [{"cidr_blocks": ["10.0.0.0/8"]}, {"cidr_blocks": ["0.0.0.0/0"]}]}}
	open6 := {"id": "b", "attributes": {"ingress": [{"cidr_blocks": [], "ipv6_cidr_blocks": ["::/0"]}]}}
	closed := {"id": "c", "attributes": {"ingress": [{"cidr_blocks": ["10.0.0.0/8"], "security_groups": ["sg-1"]}]}}
	none := {"id": "d", "attributes": {"ingress": null}}
	inp := {"by_type": {"aws.ec2.security_group": [open4, open6, closed, none]}}
	lib.world_open_group_ids == {"a", "b"} with input as inp
	lib.world_ingress(open4) == [{"cidr_blocks": ["0.0.0.0/0"]}]
	lib.world_ingress(closed) == []
	lib.world_ingress(none) == []
	lib.world_ingress_to_port(none, 22) == []
}


# low and high are the /8 blocks of the lower and the upper half of the IPv4 internet: each narrower than
# the widest private range, together the whole internet.
low := [sprintf("%d.0.0.0/8", [i]) | some i in numbers.range(0, 127)]

high := [sprintf("%d.0.0.0/8", [i]) | some i in numbers.range(128, 255)]

test_internet_as_a_union_of_cidrs if {
	lib.covers_internet(array.concat(low, high))
	not lib.covers_internet(low)
	not lib.covers_internet(array.slice(array.concat(low, high), 1, 256)) # without 0.0.0.0/8
	lib.covers_internet(array.concat(["0.0.0.0/8", "1.0.0.0/8"], ["2.0.0.0/7", "4.0.0.0/6", "8.0.0.0/5", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1"]))
	not lib.covers_internet(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])
	not lib.covers_internet([])
}

test_wide_cidrs if {
	lib.covers_internet(["0.0.0.0/1"]) # half the internet
	lib.covers_internet(["128.0.0.0/1"])
	lib.covers_internet(["8.0.0.0/7"])
	lib.covers_internet(["::/0"])
	lib.covers_internet(["::/1"])
	lib.covers_internet(["2000::/3"])
	not lib.covers_internet(["10.0.0.0/8"]) # the widest private range
	not lib.covers_internet(["fc00::/7"]) # unique local addresses
	not lib.covers_internet(["2001:db8::/32"])
}

test_invalid_cidrs_are_ignored if {
	lib.rule_cidrs({"cidr_blocks": ["10.0.0.0/33", 5, "x", null, "0.0.0.0/0"], "ipv6_cidr_blocks": "::/0"}) == ["0.0.0.0/0"]
	lib.rule_cidrs({"cidr_blocks": 5}) == []
	not lib.is_open_to_world({"cidr_blocks": ["not a cidr/0"]})
}

test_union_across_rules_to_a_port if {
	lower := {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": low}
	upper := {"protocol": "tcp", "from_port": 0, "to_port": 1024, "cidr_blocks": high}
	upper_elsewhere := {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": high}
	found := lib.world_ingress_to_port({"attributes": {"ingress": [lower, upper]}}, 22)
	[f.cidr_blocks | some f in found] == [low, high]
	# The upper half on another port does not complete the lower half.
	lib.world_ingress_to_port({"attributes": {"ingress": [lower, upper_elsewhere]}}, 22) == []
	lib.world_open_group_ids == {"a", "b"} with input as {"by_type": {"aws.ec2.security_group": [
		{"id": "a", "attributes": {"ingress": [lower, upper]}},
		{"id": "b", "attributes": {"ingress": [lower, upper_elsewhere]}},
		{"id": "c", "attributes": {"ingress": [lower]}},
	]}}
}
