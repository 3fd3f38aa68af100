package vigil.aws.elbv2.http_redirect_test

import data.vigil.aws.elbv2.http_redirect

res(attrs, unknown) := {"by_type": {"aws.elbv2.load_balancer": [{"id": "res.id", "type": "aws.elbv2.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

https(port) := {"port": port, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "default_action": {"type": "forward", "redirect_protocol": null}}

redirect(port) := {"port": port, "protocol": "HTTP", "ssl_policy": null, "default_action": {"type": "redirect", "redirect_protocol": "HTTPS"}}

forward(port) := {"port": port, "protocol": "HTTP", "ssl_policy": null, "default_action": {"type": "forward", "redirect_protocol": null}}

test_redirect_passes if {
	inp := res({"load_balancer_type": "application", "listeners": [https(443), redirect(80)]}, [])
	count(http_redirect.deny) == 0 with input as inp
	count(http_redirect.unknown) == 0 with input as inp
}

test_forwarding_http_fails if {
	denies := http_redirect.deny with input as res({"listeners": [https(443), forward(80)]}, [])
	count(denies) == 1
	some d in denies
	d.message == "application load balancer \"res\" has HTTP listeners that do not redirect to HTTPS"
	d.evidence.listeners == [{"port": 80, "protocol": "HTTP", "default_action": {"type": "forward", "redirect_protocol": null}}]
}

test_network_load_balancer_is_not_judged if {
	inp := res({"load_balancer_type": "network", "listeners": [forward(80)]}, ["listeners.1"])
	count(http_redirect.deny) == 0 with input as inp
	count(http_redirect.unknown) == 0 with input as inp
}

test_unknown_listener_is_unknown if {
	inp := res({"listeners": [redirect(80)]}, ["listeners.0.default_action.type"])
	count(http_redirect.deny) == 0 with input as inp
	unknowns := http_redirect.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["listeners"]
}

test_unknown_type_with_plain_listener_is_unknown if {
	inp := res({"listeners": [forward(80)]}, ["load_balancer_type"])
	count(http_redirect.deny) == 0 with input as inp
	unknowns := http_redirect.unknown with input as inp
	some u in unknowns
	u.missing == ["load_balancer_type"]
}
