# METADATA
# title: Classic Load Balancers drain connections
# description: >-
#   Connection draining lets in-flight requests complete before an instance is deregistered or found
#   unhealthy, so deployments and scale-in do not cut requests off.
# custom:
#   id: ELB.5
#   severity: low
#   resource_types: [aws.elb.load_balancer]
#   controls:
#     iso27001-2022: []
#     nist-800-53-r5: []
#     nist-csf-2.0: ["PR.IR-03"]
#   remediation: >-
#     Set connection_draining = true (and connection_draining_timeout) on the aws_elb.
package vigil.aws.elb.connection_draining

import data.vigil.lib

# Absent connection_draining means the default: false.
deny contains result if {
	some r in lib.resources("aws.elb.load_balancer")
	not r.attributes.connection_draining == true
	not lib.is_unknown(r, "connection_draining")
	v := lib.attribute(r, ["connection_draining"], false)
	not _ok(v)
	result := lib.failure(r, sprintf("classic load balancer %q does not drain connections", [lib.label(r)]), {"connection_draining": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elb.load_balancer")
	lib.is_unknown(r, "connection_draining")
	result := lib.unknown_result(r, sprintf("connection draining of classic load balancer %q is unknown", [lib.label(r)]), ["connection_draining"])
}

_ok(v) if v == true
