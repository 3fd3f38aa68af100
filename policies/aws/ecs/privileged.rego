# METADATA
# title: ECS containers do not run privileged
# description: >-
#   No container of the task definition sets privileged = true. A privileged container has every capability
#   of root on the host instance and its devices, so a compromise of the container is a compromise of the
#   host and of every task on it.
# custom:
#   id: ECS.1
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: ["8.2"]
#     nist-800-53-r5: ["AC-6", "CM-7"]
#     nist-csf-2.0: ["PR.AA-05"]
#   remediation: >-
#     Remove "privileged": true from the container definitions of the aws_ecs_task_definition; grant only
#     the Linux capabilities the container needs (linuxParameters.capabilities.add).
package vigil.aws.ecs.privileged

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	containers := object.get(r.attributes, "containers", [])
	is_array(containers)
	bad := [c | some c in containers; is_object(c); c.privileged == true]
	count(bad) > 0
	not lib.unknown_within(r, "containers")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q has privileged containers: %s", [lib.label(r), concat(", ", [_name(c) | some c in bad])]),
		"evidence": {"containers": [{"name": c.name, "privileged": true} | some c in bad]},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecs.task_definition")
	lib.unknown_within(r, "containers")
	result := {
		"resource": r.id,
		"message": sprintf("container definitions of ECS task definition %q are unknown", [lib.label(r)]),
		"missing": lib.unknown_paths_within(r, ["containers"]),
	}
}

_name(c) := c.name if is_string(c.name) else := "(unnamed)"
