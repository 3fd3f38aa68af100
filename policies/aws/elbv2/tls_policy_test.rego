package vigil.aws.elbv2.tls_policy_test

import data.vigil.aws.elbv2.tls_policy

res(attrs, unknown) := {"by_type": {"aws.elbv2.load_balancer": [{"id": "res.id", "type": "aws.elbv2.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

listener(port, protocol, policy) := {"port": port, "protocol": protocol, "ssl_policy": policy}

test_modern_policy_passes if {
	inp := res({"listeners": [listener(443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06"), listener(80, "HTTP", null)]}, [])
	count(tls_policy.deny) == 0 with input as inp
	count(tls_policy.unknown) == 0 with input as inp
}

test_outdated_policy_fails if {
	denies := tls_policy.deny with input as res({"listeners": [listener(443, "HTTPS", "ELBSecurityPolicy-2016-08"), listener(8443, "TLS", "ELBSecurityPolicy-TLS13-1-2-2021-06")]}, [])
	count(denies) == 1
	some d in denies
	d.message == "load balancer \"res\" has listeners whose security policy accepts TLS 1.0 or 1.1"
	d.evidence.listeners == [{"port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"}]
}

test_nlb_tls_listener_is_judged if {
	count(tls_policy.deny) == 1 with input as res({"listeners": [listener(443, "TLS", "ELBSecurityPolicy-TLS13-1-1-2021-06")]}, [])
}

test_plain_listeners_and_no_listeners_pass if {
	count(tls_policy.deny) == 0 with input as res({"listeners": [listener(80, "HTTP", null), listener(53, "UDP", null)]}, [])
	count(tls_policy.unknown) == 0 with input as res({"listeners": []}, [])
	count(tls_policy.unknown) == 0 with input as res({}, [])
}

test_unrecognised_policy_is_unknown if {
	inp := res({"listeners": [listener(443, "HTTPS", "my-policy")]}, [])
	count(tls_policy.deny) == 0 with input as inp
	unknowns := tls_policy.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["listeners.0.ssl_policy"]
}

test_unknown_listener_is_unknown if {
	inp := res({"listeners": [listener(443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06")]}, ["listeners.1"])
	count(tls_policy.deny) == 0 with input as inp
	unknowns := tls_policy.unknown with input as inp
	some u in unknowns
	u.missing == ["listeners"]
}

test_deny_wins_over_unknown if {
	inp := res({"listeners": [listener(443, "HTTPS", "ELBSecurityPolicy-2016-08")]}, ["listeners.1"])
	count(tls_policy.deny) == 1 with input as inp
	count(tls_policy.unknown) == 0 with input as inp
}

test_wrong_type_is_unknown if {
	count(tls_policy.deny) == 0 with input as res({"listeners": "x"}, [])
	count(tls_policy.unknown) == 1 with input as res({"listeners": "x"}, [])
	count(tls_policy.unknown) == 1 with input as res({"listeners": [1]}, [])
}
