# METADATA
# title: VPC flow logging is enabled in every VPC
# description: >-
#   Every VPC has an active flow log, so the traffic accepted and rejected in it is recorded for
#   investigation and for spotting unusual flows. Live scans count a flow log attached to the VPC with
#   status ACTIVE; Terraform counts an aws_flow_log whose vpc_id names the VPC. Flow logs on single subnets
#   or network interfaces do not cover a VPC.
# custom:
#   id: EC2.11
#   severity: medium
#   resource_types: [aws.ec2.vpc]
#   controls:
#     iso27001-2022: ["8.15", "8.16"]
#     nist-800-53-r5: ["AU-12", "SI-4"]
#     nist-csf-2.0: ["DE.CM-01"]
#     cis-aws-foundations-6.0: ["4.7"]
#   remediation: >-
#     Add an aws_flow_log with vpc_id = the VPC's id, traffic_type = "REJECT" (or "ALL"), and a CloudWatch
#     Logs group or S3 bucket as destination.
package vigil.aws.ec2.vpc_flow_logs

import data.vigil.lib

# flow_logs_enabled has no default: absent was not collected.
deny contains result if {
	some r in lib.resources("aws.ec2.vpc")
	r.attributes.flow_logs_enabled == false
	not lib.is_unknown(r, "flow_logs_enabled")
	result := {
		"resource": r.id,
		"message": sprintf("VPC %q has no active flow log", [lib.label(r)]),
		"evidence": {"flow_logs_enabled": false, "flow_logs": object.get(r.attributes, "flow_logs", [])},
	}
}

unknown contains result if {
	some r in lib.resources("aws.ec2.vpc")
	not is_boolean(object.get(r.attributes, "flow_logs_enabled", null))
	result := {
		"resource": r.id,
		"message": sprintf("flow logs of VPC %q are unknown", [lib.label(r)]),
		"missing": ["flow_logs_enabled"],
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.vpc")
	is_boolean(object.get(r.attributes, "flow_logs_enabled", null))
	lib.is_unknown(r, "flow_logs_enabled")
	result := {
		"resource": r.id,
		"message": sprintf("flow logs of VPC %q are unknown", [lib.label(r)]),
		"missing": ["flow_logs_enabled"],
	}
}
