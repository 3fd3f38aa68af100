# METADATA
# title: ECS containers use pinned image versions
# description: >-
#   Each container names its image by digest (@sha256:...) or by a version tag, not latest or no tag at all
#   (which means latest): otherwise what the task runs changes whenever someone pushes latest, without a new
#   task definition to review or roll back to. A tag is not immutable unless the repository makes it so
#   (ECR.2).
# custom:
#   id: ECS.10
#   severity: low
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: ["8.19"]
#     nist-800-53-r5: ["CM-2"]
#     nist-csf-2.0: ["PR.PS-01"]
#   remediation: >-
#     Set "image" in each container definition of the aws_ecs_task_definition to repository@sha256:<digest>,
#     or to a version tag in a repository with immutable tags.
package vigil.aws.ecs.image_pinned

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	containers := object.get(r.attributes, "containers", [])
	is_array(containers)
	bad := [c | some c in containers; is_object(c); _unpinned(c)]
	count(bad) > 0
	not lib.unknown_within(r, "containers")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q has containers whose image is not pinned to a version: %s", [lib.label(r), concat(", ", [_name(c) | some c in bad])]),
		"evidence": {"containers": [{"name": c.name, "image": object.get(c, "image", null)} | some c in bad]},
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

# _unpinned is true for an image without a digest whose tag is latest or absent. The tag follows the
# last ":" after the last "/" (a registry host may carry a port: host:5000/app has no tag).
_unpinned(c) if {
	image := c.image
	is_string(image)
	not contains(image, "@")
	_tag(image) in {"", "latest"}
}

_tag(image) := tag if {
	parts := split(image, "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	segs := split(last, ":")
	tag := segs[count(segs) - 1]
} else := ""
