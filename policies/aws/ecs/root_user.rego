# METADATA
# title: ECS containers run as a non-root user
# description: >-
#   Each container of the task definition names a user other than root (user set, and not root or UID 0).
#   Without user, the container runs as the image's USER, which is root unless the image sets another: the
#   task definition does not require a non-root user, so it fails with that reason.
# custom:
#   id: ECS.2
#   severity: medium
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: ["8.2"]
#     nist-800-53-r5: ["AC-6"]
#     nist-csf-2.0: ["PR.AA-05"]
#   remediation: >-
#     Set "user" in each container definition of the aws_ecs_task_definition to an unprivileged UID (for
#     example "1000" or "1000:1000") that the image supports.
package vigil.aws.ecs.root_user

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	containers := object.get(r.attributes, "containers", [])
	is_array(containers)
	bad := [c | some c in containers; is_object(c); _runs_as_root(c)]
	count(bad) > 0
	not lib.unknown_within(r, "containers")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q has containers that may run as root: %s", [lib.label(r), concat(", ", [_name(c) | some c in bad])]),
		"evidence": {"containers": [{"name": c.name, "user": object.get(c, "user", null)} | some c in bad]},
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

# A container runs as root when user is not set (the image's USER, root unless the image sets another)
# or names root or UID 0, alone or with a group.
_runs_as_root(c) if object.get(c, "user", null) == null

_runs_as_root(c) if {
	u := c.user
	is_string(u)
	split(u, ":")[0] in {"root", "0", ""}
}
