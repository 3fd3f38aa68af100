# METADATA
# title: Application Load Balancers drop invalid HTTP header fields
# description: >-
#   With routing.http.drop_invalid_header_fields.enabled the load balancer removes header fields whose names
#   are not valid HTTP tokens before they reach the targets, closing a path for request smuggling and header
#   injection.
# custom:
#   id: ELBV2.5
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SI-10"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     Set drop_invalid_header_fields = true on the aws_lb (load_balancer_type application).
package vigil.aws.elbv2.drop_invalid_headers

import data.vigil.lib

# Absent drop_invalid_header_fields means the default: false.
deny contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	not r.attributes.drop_invalid_header_fields == true
	_in_scope(r)
	not lib.is_unknown(r, "drop_invalid_header_fields")
	v := lib.attribute(r, ["drop_invalid_header_fields"], false)
	not _ok(v)
	result := lib.failure(r, sprintf("application load balancer %q forwards invalid HTTP header fields", [lib.label(r)]), {"drop_invalid_header_fields": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elbv2.load_balancer")
	lib.is_unknown(r, "drop_invalid_header_fields")
	not _out_of_scope(r)
	result := lib.unknown_result(r, sprintf("whether load balancer %q drops invalid header fields is unknown", [lib.label(r)]), ["drop_invalid_header_fields"])
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
	not lib.is_unknown(r, "drop_invalid_header_fields")
	v := lib.attribute(r, ["drop_invalid_header_fields"], false)
	not _ok(v)
	result := lib.unknown_result(r, sprintf("whether load balancer %q drops invalid header fields is unknown", [lib.label(r)]), ["load_balancer_type"])
}

_ok(v) if v == true

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
