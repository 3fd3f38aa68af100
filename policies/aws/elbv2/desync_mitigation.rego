# METADATA
# title: Application Load Balancers mitigate HTTP desync
# description: >-
#   The desync mitigation mode decides what the load balancer does with ambiguous requests that could be read
#   differently by it and by the targets (HTTP request smuggling): defensive (the default) and strictest block
#   or close them, monitor lets them through.
# custom:
#   id: ELBV2.7
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SI-10"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     Set desync_mitigation_mode = "defensive" (or "strictest") on the aws_lb.
package vigil.aws.elbv2.desync_mitigation

import data.vigil.lib

# Absent desync_mitigation_mode means the default: defensive.
deny contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	not r.attributes.desync_mitigation_mode in {"defensive", "strictest"}
	_in_scope(r)
	not lib.is_unknown(r, "desync_mitigation_mode")
	v := lib.attribute(r, ["desync_mitigation_mode"], "defensive")
	not _ok(v)
	result := lib.failure(r, sprintf("application load balancer %q does not mitigate HTTP desync (mode monitor)", [lib.label(r)]), {"desync_mitigation_mode": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elbv2.load_balancer")
	lib.is_unknown(r, "desync_mitigation_mode")
	not _out_of_scope(r)
	result := lib.unknown_result(r, sprintf("desync mitigation mode of load balancer %q is unknown", [lib.label(r)]), ["desync_mitigation_mode"])
}

# A kind of the wrong type cannot place the resource in or out of scope.
unknown contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	lib.wrong_type(r, ["load_balancer_type"], "string")
	result := lib.wrong_type_result(r, ["load_balancer_type"])
}

# The value fails but the resource's kind, which decides whether the rule applies, is unknown.
unknown contains result if {
	some r in lib.resources_with_unknown("aws.elbv2.load_balancer")
	lib.is_unknown(r, "load_balancer_type")
	not lib.is_unknown(r, "desync_mitigation_mode")
	v := lib.attribute(r, ["desync_mitigation_mode"], "defensive")
	not _ok(v)
	result := lib.unknown_result(r, sprintf("desync mitigation mode of load balancer %q is unknown", [lib.label(r)]), ["load_balancer_type"])
}

_ok(v) if v in {"defensive", "strictest"}

_in_scope(r) if {
	not lib.is_unknown(r, "load_balancer_type")
	lib.attribute(r, ["load_balancer_type"], "application") in {"application"}
}

_out_of_scope(r) if {
	not lib.is_unknown(r, "load_balancer_type")
	t := lib.attribute(r, ["load_balancer_type"], "application")
	is_string(t)
	not t in {"application"}
}
