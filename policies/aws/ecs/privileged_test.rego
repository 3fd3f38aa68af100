package vigil.aws.ecs.privileged_test

import data.vigil.aws.ecs.privileged

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"containers": [{"name": "good", "privileged": false}]}, [])
	count(privileged.deny) == 0 with input as inp
	count(privileged.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := privileged.deny with input as res({"containers": [{"name": "good", "privileged": false}, {"name": "bad", "privileged": true}]}, [])
	count(denies) == 1
	some d in denies
	count(d.evidence.containers) == 1
	d.evidence.containers[0].name == "bad"
}

test_no_containers_passes if {
	count(privileged.deny) == 0 with input as res({"containers": []}, [])
}

test_unknown_containers_are_unknown if {
	inp := res({"containers": null}, ["containers"])
	count(privileged.deny) == 0 with input as inp
	unknowns := privileged.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["containers"]
}
