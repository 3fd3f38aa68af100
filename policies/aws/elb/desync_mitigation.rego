# METADATA
# title: Classic Load Balancers mitigate HTTP desync
# description: >-
#   The desync mitigation mode decides what the load balancer does with ambiguous requests that could be read
#   differently by it and by the instances (HTTP request smuggling): defensive (the default) and strictest
#   block them, monitor lets them through.
# custom:
#   id: ELB.6
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SI-10"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     Set desync_mitigation_mode = "defensive" (or "strictest") on the aws_elb.
package vigil.aws.elb.desync_mitigation

import data.vigil.lib

# Absent desync_mitigation_mode means the default: defensive.
deny contains result if {
	some r in lib.resources("aws.elb.load_balancer")
	not r.attributes.desync_mitigation_mode in {"defensive", "strictest"}
	not lib.is_unknown(r, "desync_mitigation_mode")
	v := lib.attribute(r, ["desync_mitigation_mode"], "defensive")
	not _ok(v)
	result := lib.failure(r, sprintf("classic load balancer %q does not mitigate HTTP desync (mode monitor)", [lib.label(r)]), {"desync_mitigation_mode": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elb.load_balancer")
	lib.is_unknown(r, "desync_mitigation_mode")
	result := lib.unknown_result(r, sprintf("desync mitigation mode of classic load balancer %q is unknown", [lib.label(r)]), ["desync_mitigation_mode"])
}

_ok(v) if v in {"defensive", "strictest"}
