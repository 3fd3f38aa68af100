# METADATA
# title: Load balancer HTTPS and TLS listeners require TLS 1.2 or later
# description: >-
#   The listener's security policy sets the TLS versions and ciphers clients may negotiate. Policies that
#   still accept TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08, AWS's default for a listener created without one,
#   among them) allow deprecated protocols and weak ciphers. A policy name vigil does not recognise is
#   reported as unknown.
# custom:
#   id: ELBV2.1
#   severity: high
#   resource_types: [aws.elbv2.load_balancer]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another TLS 1.2+ policy) on every HTTPS and
#     TLS aws_lb_listener.
package vigil.aws.elbv2.tls_policy

import data.vigil.lib

_listeners(r) := ls if {
	ls := r.attributes.listeners
	is_array(ls)
} else := []

_tls(l) if lib.object_get(l, "protocol", null) in {"HTTPS", "TLS"}

# An HTTPS or TLS listener without ssl_policy gets AWS's default, ELBSecurityPolicy-2016-08 (the adapters
# write it out).
deny contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	weak := [{"port": lib.object_get(l, "port", null), "protocol": l.protocol, "ssl_policy": l.ssl_policy} |
		some l in _listeners(r)
		_tls(l)
		lib.elb_policy_outdated(l.ssl_policy)
	]
	count(weak) > 0
	result := lib.failure(r, sprintf("load balancer %q has listeners whose security policy accepts TLS 1.0 or 1.1", [lib.label(r)]), {"listeners": weak})
}

unknown contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	not _denied(r)
	missing := _missing(r)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("TLS policy of the listeners of load balancer %q is unknown or not recognised", [lib.label(r)]), missing)
}

_denied(r) if {
	some l in _listeners(r)
	_tls(l)
	lib.elb_policy_outdated(l.ssl_policy)
}

_missing(r) := array.concat(
	array.concat(lib.unknown_paths_within(r, ["listeners"]), _wrong_listeners(r)),
	[sprintf("listeners.%d.ssl_policy", [i]) |
		some i, l in _listeners(r)
		_tls(l)
		not lib.elb_policy_outdated(l.ssl_policy)
		not lib.elb_policy_modern(l.ssl_policy)
	],
)

_wrong_listeners(r) := ["listeners"] if lib.wrong_type(r, ["listeners"], "array")
else := [sprintf("listeners.%d", [i]) | some i, l in _listeners(r); not is_object(l)]
