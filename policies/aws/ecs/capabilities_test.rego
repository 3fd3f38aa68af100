package vigil.aws.ecs.capabilities_test

import data.vigil.aws.ecs.capabilities

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"containers": [{"name": "good", "capabilities_add": ["NET_BIND_SERVICE"]}]}, [])
	count(capabilities.deny) == 0 with input as inp
	count(capabilities.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := capabilities.deny with input as res({"containers": [{"name": "good", "capabilities_add": ["NET_BIND_SERVICE"]}, {"name": "bad", "capabilities_add": ["NET_BIND_SERVICE", "sys_admin"]}]}, [])
	count(denies) == 1
	some d in denies
	count(d.evidence.containers) == 1
	d.evidence.containers[0].name == "bad"
}

test_no_containers_passes if {
	count(capabilities.deny) == 0 with input as res({"containers": []}, [])
}

test_unknown_containers_are_unknown if {
	inp := res({"containers": null}, ["containers"])
	count(capabilities.deny) == 0 with input as inp
	unknowns := capabilities.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["containers"]
}
