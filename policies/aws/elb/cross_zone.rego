# METADATA
# title: Classic Load Balancers balance across Availability Zones
# description: >-
#   With cross-zone load balancing every node spreads requests over the instances of every enabled
#   Availability Zone, so losing the instances of one zone does not overload the others unevenly.
# custom:
#   id: ELB.4
#   severity: low
#   resource_types: [aws.elb.load_balancer]
#   controls:
#     iso27001-2022: ["8.14"]
#     nist-800-53-r5: ["SC-36"]
#     nist-csf-2.0: ["PR.IR-03"]
#   remediation: >-
#     Set cross_zone_load_balancing = true on the aws_elb (the provider's default).
package vigil.aws.elb.cross_zone

import data.vigil.lib

# Absent cross_zone_load_balancing means the provider's default: true.
deny contains result if {
	some r in lib.resources("aws.elb.load_balancer")
	not r.attributes.cross_zone_load_balancing == true
	not lib.is_unknown(r, "cross_zone_load_balancing")
	v := lib.attribute(r, ["cross_zone_load_balancing"], true)
	not _ok(v)
	result := lib.failure(r, sprintf("classic load balancer %q does not balance across Availability Zones", [lib.label(r)]), {"cross_zone_load_balancing": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elb.load_balancer")
	lib.is_unknown(r, "cross_zone_load_balancing")
	result := lib.unknown_result(r, sprintf("cross-zone load balancing of classic load balancer %q is unknown", [lib.label(r)]), ["cross_zone_load_balancing"])
}

_ok(v) if v == true
