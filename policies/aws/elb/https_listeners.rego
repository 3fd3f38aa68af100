# METADATA
# title: Classic Load Balancer listeners terminate HTTPS or TLS
# description: >-
#   A listener on HTTP or TCP carries client traffic, and any credentials or cookies in it, in clear text
#   between the client and the load balancer.
# custom:
#   id: ELB.1
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Use lb_protocol = "https" (or "ssl") with an ssl_certificate_id on every listener of the aws_elb, or
#     move to an Application Load Balancer that redirects HTTP to HTTPS.
package vigil.aws.elb.https_listeners

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_plain(l) if lib.object_get(l, "lb_protocol", null) in {"HTTP", "TCP"}

deny contains result if {
	some r in lib.resources("aws.elb.load_balancer")
	plain := [{"lb_port": lib.object_get(l, "lb_port", null), "lb_protocol": l.lb_protocol} | some l in _list(r, "listeners"); _plain(l)]
	count(plain) > 0
	result := lib.failure(r, sprintf("classic load balancer %q has listeners without HTTPS or TLS", [lib.label(r)]), {"listeners": plain})
}

unknown contains result if {
	some r in lib.resources("aws.elb.load_balancer")
	not _denied(r)
	missing := array.concat(lib.unknown_paths_within(r, ["listeners"]), _wrong_list(r, "listeners"))
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("protocols of the listeners of classic load balancer %q are unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	some l in _list(r, "listeners")
	_plain(l)
}
