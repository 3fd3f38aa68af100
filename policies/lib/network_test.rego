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
