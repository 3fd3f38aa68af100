# METADATA
# title: Classic Load Balancers write access logs
# description: >-
#   Access logs record every request the load balancer handles (client, back end, latency, status), which
#   investigations rely on.
# custom:
#   id: ELB.3
#   severity: medium
#   resource_types: [aws.elb.load_balancer]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Add access_logs { bucket = "<log bucket>" } to the aws_elb (enabled defaults to true in the block).
package vigil.aws.elb.access_logs

import data.vigil.lib

# Absent access_logs.enabled means no access_logs block: logging off.
deny contains result if {
	some r in lib.resources("aws.elb.load_balancer")
	not r.attributes.access_logs.enabled == true
	not lib.is_unknown(r, "access_logs.enabled")
	v := lib.attribute(r, ["access_logs", "enabled"], false)
	not _ok(v)
	result := lib.failure(r, sprintf("classic load balancer %q does not write access logs", [lib.label(r)]), {"access_logs.enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.elb.load_balancer")
	lib.is_unknown(r, "access_logs.enabled")
	result := lib.unknown_result(r, sprintf("access logging of classic load balancer %q is unknown", [lib.label(r)]), ["access_logs.enabled"])
}

_ok(v) if v == true
