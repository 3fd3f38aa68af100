# METADATA
# title: ECS task definition does not share the host process namespace
# description: >-
#   With pid_mode host, the task's containers see, and with enough privilege can signal or trace, every
#   process of the host instance, other tasks' included.
# custom:
#   id: ECS.6
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: []
#     nist-800-53-r5: ["SC-39"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     Remove pid_mode from the aws_ecs_task_definition, or set it to "task" when the containers of the task
#     must share a namespace.
package vigil.aws.ecs.host_pid

import data.vigil.lib

# Absent: each container has its own PID namespace.
deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	r.attributes.pid_mode == "host"
	not lib.is_unknown(r, "pid_mode")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q shares the host's process namespace (pid_mode host)", [lib.label(r)]),
		"evidence": {"pid_mode": "host"},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecs.task_definition")
	lib.is_unknown(r, "pid_mode")
	result := {
		"resource": r.id,
		"message": sprintf("PID mode of ECS task definition %q is unknown", [lib.label(r)]),
		"missing": ["pid_mode"],
	}
}
