# METADATA
# title: Internet-facing Application Load Balancers are protected by a WAF web ACL
# description: >-
#   A web ACL associated with an internet-facing Application Load Balancer filters requests (common exploits,
#   bad bots, rate limits) before they reach the targets. Internal and non-application load balancers are not
#   judged.
# custom:
#   id: ELBV2.6
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["6.4.2"]
#   remediation: >-
#     Add an aws_wafv2_web_acl_association with resource_arn = the aws_lb's arn and a REGIONAL
#     aws_wafv2_web_acl.
package vigil.aws.elbv2.waf

import data.vigil.lib

_public_alb(r) if {
	not lib.is_unknown(r, "load_balancer_type")
	not lib.is_unknown(r, "internal")
	lib.attribute(r, ["load_balancer_type"], "application") == "application"
	lib.attribute(r, ["internal"], false) == false
}

# Absent web_acl_id means no web ACL is associated.
deny contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	not lib.waf_web_acl_ref(object.get(r.attributes, "web_acl_id", null))
	_public_alb(r)
	not lib.is_unknown(r, "web_acl_id")
	result := lib.failure(r, sprintf("internet-facing application load balancer %q has no WAF web ACL", [lib.label(r)]), {"web_acl_id": lib.attribute(r, ["web_acl_id"], null), "internal": false, "load_balancer_type": "application"})
}

unknown contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	not lib.waf_web_acl_ref(object.get(r.attributes, "web_acl_id", null))
	not _private_or_other(r)
	missing := array.concat(lib.unknown_paths(r, ["web_acl_id", "internal", "load_balancer_type"]), _wrong(r))
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("whether load balancer %q is internet-facing and has a WAF web ACL is unknown", [lib.label(r)]), missing)
}

# Known not to be an internet-facing ALB: out of scope whatever else is unknown.
_private_or_other(r) if {
	not lib.is_unknown(r, "internal")
	lib.attribute(r, ["internal"], false) == true
}

_private_or_other(r) if {
	not lib.is_unknown(r, "load_balancer_type")
	t := lib.attribute(r, ["load_balancer_type"], "application")
	is_string(t)
	t != "application"
}

_wrong(r) := [p |
	some [p, kind] in [["internal", "boolean"], ["load_balancer_type", "string"]]
	lib.wrong_type(r, [p], kind)
]
