# METADATA
# title: ECS task definition does not use the host network mode
# description: >-
#   With network mode host, the task's containers share the host instance's network stack: they bypass the
#   task's security groups and awsvpc isolation, can bind any port of the host and see its traffic.
# custom:
#   id: ECS.3
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: ["8.20", "8.22"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     Set network_mode = "awsvpc" on the aws_ecs_task_definition (required on Fargate) and give the service
#     its own security group.
package vigil.aws.ecs.host_network

import data.vigil.lib

# Absent means the default: bridge.
deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	r.attributes.network_mode == "host"
	not lib.is_unknown(r, "network_mode")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q uses the host network mode", [lib.label(r)]),
		"evidence": {"network_mode": "host"},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecs.task_definition")
	lib.is_unknown(r, "network_mode")
	result := {
		"resource": r.id,
		"message": sprintf("network mode of ECS task definition %q is unknown", [lib.label(r)]),
		"missing": ["network_mode"],
	}
}
