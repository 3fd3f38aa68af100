package vigil.aws.elb.https_listeners_test

import data.vigil.aws.elb.https_listeners

res(attrs, unknown) := {"by_type": {"aws.elb.load_balancer": [{"id": "res.id", "type": "aws.elb.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_https_listeners_pass if {
	inp := res({"listeners": [{"lb_port": 443, "lb_protocol": "HTTPS"}, {"lb_port": 465, "lb_protocol": "SSL"}]}, [])
	count(https_listeners.deny) == 0 with input as inp
	count(https_listeners.unknown) == 0 with input as inp
}

test_http_listener_fails if {
	denies := https_listeners.deny with input as res({"listeners": [{"lb_port": 443, "lb_protocol": "HTTPS"}, {"lb_port": 80, "lb_protocol": "HTTP"}]}, [])
	count(denies) == 1
	some d in denies
	d.message == "classic load balancer \"res\" has listeners without HTTPS or TLS"
	d.evidence.listeners == [{"lb_port": 80, "lb_protocol": "HTTP"}]
}

test_tcp_listener_fails if {
	count(https_listeners.deny) == 1 with input as res({"listeners": [{"lb_port": 22, "lb_protocol": "TCP"}]}, [])
}

test_unknown_protocol_is_unknown if {
	inp := res({"listeners": [{"lb_port": 443, "lb_protocol": null}]}, ["listeners.0.lb_protocol"])
	count(https_listeners.deny) == 0 with input as inp
	unknowns := https_listeners.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["listeners"]
}

test_wrong_type_is_unknown if {
	count(https_listeners.unknown) == 1 with input as res({"listeners": {"a": 1}}, [])
}
