package vigil.aws.ecs.host_network_test

import data.vigil.aws.ecs.host_network

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_awsvpc_passes if {
	count(host_network.deny) == 0 with input as res({"network_mode": "awsvpc"}, [])
	count(host_network.deny) == 0 with input as res({}, [])
}

test_host_fails if {
	denies := host_network.deny with input as res({"network_mode": "host"}, [])
	count(denies) == 1
	some d in denies
	d.message == "ECS task definition \"res\" uses the host network mode"
	d.evidence == {"network_mode": "host"}
}

test_unknown_is_unknown if {
	inp := res({"network_mode": null}, ["network_mode"])
	count(host_network.deny) == 0 with input as inp
	count(host_network.unknown) == 1 with input as inp
}
