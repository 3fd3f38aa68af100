# METADATA
# title: Application Load Balancer HTTP listeners redirect to HTTPS
# description: >-
#   An HTTP listener that forwards requests sends them, and any credentials or cookies in them, in clear text.
#   Its default action should redirect to HTTPS. Network and Gateway Load Balancers are not judged.
# custom:
#   id: ELBV2.2
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Give every HTTP aws_lb_listener of an application load balancer default_action { type = "redirect"
#     redirect { protocol = "HTTPS" port = "443" status_code = "HTTP_301" } }, and serve the application from
#     an HTTPS listener.
package vigil.aws.elbv2.http_redirect

import data.vigil.lib

_listeners(r) := ls if {
	ls := r.attributes.listeners
	is_array(ls)
} else := []

_plain(l) if {
	lib.object_get(l, "protocol", null) == "HTTP"
	not _redirects_to_https(l)
}

_redirects_to_https(l) if {
	l.default_action.type == "redirect"
	l.default_action.redirect_protocol == "HTTPS"
}

_application(r) if {
	not lib.is_unknown(r, "load_balancer_type")
	lib.attribute(r, ["load_balancer_type"], "application") == "application"
}

deny contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	_application(r)
	plain := [{"port": lib.object_get(l, "port", null), "protocol": l.protocol, "default_action": lib.object_get(l, "default_action", null)} |
		some l in _listeners(r)
		_plain(l)
	]
	count(plain) > 0
	result := lib.failure(r, sprintf("application load balancer %q has HTTP listeners that do not redirect to HTTPS", [lib.label(r)]), {"listeners": plain})
}

unknown contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	not _denied(r)
	missing := _missing(r)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("whether the HTTP listeners of load balancer %q redirect to HTTPS is unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	_application(r)
	some l in _listeners(r)
	_plain(l)
}

_missing(r) := ["listeners"] if lib.wrong_type(r, ["listeners"], "array")
else := ["load_balancer_type"] if {
	lib.is_unknown(r, "load_balancer_type")
	some l in _listeners(r)
	_plain(l)
} else := ["load_balancer_type"] if lib.wrong_type(r, ["load_balancer_type"], "string")
else := paths if {
	_application(r)
	paths := lib.unknown_paths_within(r, ["listeners"])
} else := []
