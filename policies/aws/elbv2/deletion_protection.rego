# METADATA
# title: Load balancers have deletion protection
# description: >-
#   Deletion protection stops the load balancer, and the service behind it, from being deleted by a mistaken
#   apply or API call; it must be turned off first.
# custom:
#   id: ELBV2.4
#   severity: low
#   resource_types: [aws.elbv2.load_balancer]
#   controls:
#     iso27001-2022: []
#     nist-800-53-r5: []
#     nist-csf-2.0: ["PR.IR-03"]
#   remediation: >-
#     Set enable_deletion_protection = true on the aws_lb.
package vigil.aws.elbv2.deletion_protection

import data.vigil.lib

# Absent deletion_protection means the default: false.
deny contains result if {
	some r in lib.resources("aws.elbv2.load_balancer")
	not r.attributes.deletion_protection == true
	not lib.is_unknown(r, "deletion_protection")
	v := lib.attribute(r, ["deletion_protection"], false)
	not _ok(v)
	result := lib.failure(r, sprintf("load balancer %q has no deletion protection", [lib.label(r)]), {"deletion_protection": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elbv2.load_balancer")
	lib.is_unknown(r, "deletion_protection")
	result := lib.unknown_result(r, sprintf("deletion protection of load balancer %q is unknown", [lib.label(r)]), ["deletion_protection"])
}

_ok(v) if v == true
