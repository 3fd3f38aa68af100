# METADATA
# title: Classic Load Balancer HTTPS and SSL listeners require TLS 1.2 or later
# description: >-
#   The listener's SSL negotiation policy sets the protocols and ciphers clients may negotiate. Predefined
#   policies that still accept TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08, AWS's default for a listener without
#   a policy, among them) allow deprecated protocols and weak ciphers. A custom policy, or a name vigil does
#   not recognise, is reported as unknown.
# custom:
#   id: ELB.2
#   severity: high
#   resource_types: [aws.elb.load_balancer]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Create an aws_load_balancer_policy of type SSLNegotiationPolicyType with policy_attribute { name =
#     "Reference-Security-Policy" value = "ELBSecurityPolicy-TLS-1-2-2017-01" } and attach it to each
#     HTTPS/SSL port with aws_load_balancer_listener_policy.
package vigil.aws.elb.tls_policy

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_tls(l) if lib.object_get(l, "lb_protocol", null) in {"HTTPS", "SSL"}

deny contains result if {
	some r in lib.resources("aws.elb.load_balancer")
	weak := [{"lb_port": lib.object_get(l, "lb_port", null), "lb_protocol": l.lb_protocol, "ssl_policy": l.ssl_policy} |
		some l in _list(r, "listeners")
		_tls(l)
		lib.elb_policy_outdated(l.ssl_policy)
	]
	count(weak) > 0
	result := lib.failure(r, sprintf("classic load balancer %q has listeners whose security policy accepts TLS 1.0 or 1.1", [lib.label(r)]), {"listeners": weak})
}

unknown contains result if {
	some r in lib.resources("aws.elb.load_balancer")
	not _denied(r)
	missing := array.concat(
		array.concat(lib.unknown_paths_within(r, ["listeners"]), _wrong_list(r, "listeners")),
		[sprintf("listeners.%d.ssl_policy", [i]) |
			some i, l in _list(r, "listeners")
			_tls(l)
			not lib.elb_policy_outdated(l.ssl_policy)
			not lib.elb_policy_modern(l.ssl_policy)
		],
	)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("TLS policy of the listeners of classic load balancer %q is unknown or not recognised", [lib.label(r)]), missing)
}

_denied(r) if {
	some l in _list(r, "listeners")
	_tls(l)
	lib.elb_policy_outdated(l.ssl_policy)
}
