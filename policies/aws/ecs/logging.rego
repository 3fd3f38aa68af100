# METADATA
# title: ECS containers send their logs to a log driver
# description: >-
#   Each container of the task definition has a log configuration (awslogs, FireLens or another driver), so
#   that its output is kept outside the task and can be searched after the task has stopped; without one the
#   output is lost with the task.
# custom:
#   id: ECS.7
#   severity: medium
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#   remediation: >-
#     Add "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": ..., "awslogs-region":
#     ..., "awslogs-stream-prefix": ...}} to each container definition of the aws_ecs_task_definition, with
#     an aws_cloudwatch_log_group that has a retention period.
package vigil.aws.ecs.logging

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	containers := object.get(r.attributes, "containers", [])
	is_array(containers)
	bad := [c | some c in containers; is_object(c); object.get(c, "log_driver", null) == null]
	count(bad) > 0
	not lib.unknown_within(r, "containers")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q has containers without a log configuration: %s", [lib.label(r), concat(", ", [_name(c) | some c in bad])]),
		"evidence": {"containers": [{"name": c.name, "log_driver": null} | some c in bad]},
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
