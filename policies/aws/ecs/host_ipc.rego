# METADATA
# title: ECS task definition does not share the host IPC namespace
# description: >-
#   With ipc_mode host, the task's containers share the host instance's IPC namespace: shared memory
#   segments, semaphores and message queues of the host and of other tasks become readable and writable from
#   the container.
# custom:
#   id: ECS.8
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: []
#     nist-800-53-r5: ["SC-39"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     Remove ipc_mode from the aws_ecs_task_definition, or set it to "task" or "none".
package vigil.aws.ecs.host_ipc

import data.vigil.lib

# Absent: a private IPC namespace per container.
deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	r.attributes.ipc_mode == "host"
	not lib.is_unknown(r, "ipc_mode")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q shares the host's IPC namespace (ipc_mode host)", [lib.label(r)]),
		"evidence": {"ipc_mode": "host"},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecs.task_definition")
	lib.is_unknown(r, "ipc_mode")
	result := {
		"resource": r.id,
		"message": sprintf("IPC mode of ECS task definition %q is unknown", [lib.label(r)]),
		"missing": ["ipc_mode"],
	}
}
