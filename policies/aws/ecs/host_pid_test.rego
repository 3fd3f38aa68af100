package vigil.aws.ecs.host_pid_test

import data.vigil.aws.ecs.host_pid

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_task_passes if {
	count(host_pid.deny) == 0 with input as res({"pid_mode": "task"}, [])
	count(host_pid.deny) == 0 with input as res({"pid_mode": null}, [])
}

test_host_fails if {
	denies := host_pid.deny with input as res({"pid_mode": "host"}, [])
	count(denies) == 1
	some d in denies
	d.message == "ECS task definition \"res\" shares the host's process namespace (pid_mode host)"
}

test_unknown_is_unknown if {
	inp := res({"pid_mode": null}, ["pid_mode"])
	count(host_pid.deny) == 0 with input as inp
	count(host_pid.unknown) == 1 with input as inp
}
