package vigil.aws.ecs.host_ipc_test

import data.vigil.aws.ecs.host_ipc

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_task_passes if {
	count(host_ipc.deny) == 0 with input as res({"ipc_mode": "task"}, [])
	count(host_ipc.deny) == 0 with input as res({}, [])
}

test_host_fails if {
	denies := host_ipc.deny with input as res({"ipc_mode": "host"}, [])
	count(denies) == 1
	some d in denies
	d.message == "ECS task definition \"res\" shares the host's IPC namespace (ipc_mode host)"
	d.evidence == {"ipc_mode": "host"}
}

test_unknown_is_unknown if {
	inp := res({"ipc_mode": null}, ["ipc_mode"])
	count(host_ipc.deny) == 0 with input as inp
	count(host_ipc.unknown) == 1 with input as inp
}
