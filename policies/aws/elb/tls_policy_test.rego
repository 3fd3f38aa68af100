package vigil.aws.elb.tls_policy_test

import data.vigil.aws.elb.tls_policy

res(attrs, unknown) := {"by_type": {"aws.elb.load_balancer": [{"id": "res.id", "type": "aws.elb.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_modern_policy_passes if {
	inp := res({"listeners": [{"lb_port": 443, "lb_protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS-1-2-2017-01"}, {"lb_port": 80, "lb_protocol": "HTTP", "ssl_policy": null}]}, [])
	count(tls_policy.deny) == 0 with input as inp
	count(tls_policy.unknown) == 0 with input as inp
}

test_default_policy_fails if {
	denies := tls_policy.deny with input as res({"listeners": [{"lb_port": 443, "lb_protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"}]}, [])
	count(denies) == 1
	some d in denies
	d.message == "classic load balancer \"res\" has listeners whose security policy accepts TLS 1.0 or 1.1"
	d.evidence.listeners == [{"lb_port": 443, "lb_protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"}]
}

test_custom_policy_is_unknown if {
	inp := res({"listeners": [{"lb_port": 443, "lb_protocol": "SSL", "ssl_policy": "my-negotiation-policy"}]}, [])
	count(tls_policy.deny) == 0 with input as inp
	unknowns := tls_policy.unknown with input as inp
	some u in unknowns
	u.missing == ["listeners.0.ssl_policy"]
}

test_unknown_policy_is_unknown if {
	inp := res({"listeners": [{"lb_port": 443, "lb_protocol": "HTTPS", "ssl_policy": null}]}, ["listeners.0.ssl_policy"])
	count(tls_policy.deny) == 0 with input as inp
	unknowns := tls_policy.unknown with input as inp
	some u in unknowns
	u.missing == ["listeners", "listeners.0.ssl_policy"]
}
