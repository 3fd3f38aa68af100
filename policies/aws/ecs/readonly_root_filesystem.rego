# METADATA
# title: ECS containers have a read-only root filesystem
# description: >-
#   Each container of the task definition mounts its root filesystem read-only, so that an attacker who gets
#   into the container cannot change its binaries or plant files; writable paths are explicit volumes.
# custom:
#   id: ECS.5
#   severity: low
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: ["8.9"]
#     nist-800-53-r5: ["SI-7", "CM-7"]
#     nist-csf-2.0: ["PR.PS-01"]
#   remediation: >-
#     Set "readonlyRootFilesystem": true in each container definition of the aws_ecs_task_definition and
#     mount a volume for the paths the container writes.
package vigil.aws.ecs.readonly_root_filesystem

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	containers := object.get(r.attributes, "containers", [])
	is_array(containers)
	bad := [c | some c in containers; is_object(c); not c.readonly_root_filesystem == true]
	count(bad) > 0
	not lib.unknown_within(r, "containers")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q has containers with a writable root filesystem: %s", [lib.label(r), concat(", ", [_name(c) | some c in bad])]),
		"evidence": {"containers": [{"name": c.name, "readonly_root_filesystem": false} | some c in bad]},
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
