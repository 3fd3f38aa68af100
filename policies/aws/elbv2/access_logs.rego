# METADATA
# title: Application and Network Load Balancers write access logs
# description: >-
#   Access logs record every request or connection the load balancer handles (client, target, TLS protocol and
#   cipher, status), which investigations rely on. Gateway Load Balancers have no access logs and are not
#   judged.
# custom:
#   id: ELBV2.3
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Add access_logs { bucket = "<log bucket>", enabled = true } to the aws_lb; the bucket policy must let
#     the regional Elastic Load Balancing account write to it.
package vigil.aws.elbv2.access_logs

import data.vigil.lib

# Absent access_logs.enabled means the default: false (even with a bucket set).
deny contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	not r.attributes.access_logs.enabled == true
	_in_scope(r)
	not lib.is_unknown(r, "access_logs.enabled")
	v := lib.attribute(r, ["access_logs", "enabled"], false)
	not _ok(v)
	result := lib.failure(r, sprintf("load balancer %q does not write access logs", [lib.label(r)]), {"access_logs.enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elbv2.load_balancer")
	lib.is_unknown(r, "access_logs.enabled")
	not _out_of_scope(r)
	result := lib.unknown_result(r, sprintf("access logging of load balancer %q is unknown", [lib.label(r)]), ["access_logs.enabled"])
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
	not lib.is_unknown(r, "access_logs.enabled")
	v := lib.attribute(r, ["access_logs", "enabled"], false)
	not _ok(v)
	result := lib.unknown_result(r, sprintf("access logging of load balancer %q is unknown", [lib.label(r)]), ["load_balancer_type"])
}

_ok(v) if v == true

_in_scope(r) if {
	not lib.is_unknown(r, "load_balancer_type")
	lib.attribute(r, ["load_balancer_type"], "application") in {"application", "network"}
}

_out_of_scope(r) if {
	not lib.is_unknown(r, "load_balancer_type")
	t := lib.attribute(r, ["load_balancer_type"], "application")
	is_string(t)
	not t in {"application", "network"}
}
