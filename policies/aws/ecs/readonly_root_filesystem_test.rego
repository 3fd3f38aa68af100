package vigil.aws.ecs.readonly_root_filesystem_test

import data.vigil.aws.ecs.readonly_root_filesystem

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"containers": [{"name": "good", "readonly_root_filesystem": true}]}, [])
	count(readonly_root_filesystem.deny) == 0 with input as inp
	count(readonly_root_filesystem.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := readonly_root_filesystem.deny with input as res({"containers": [{"name": "good", "readonly_root_filesystem": true}, {"name": "bad", "readonly_root_filesystem": false}]}, [])
	count(denies) == 1
	some d in denies
	count(d.evidence.containers) == 1
	d.evidence.containers[0].name == "bad"
}

test_no_containers_passes if {
	count(readonly_root_filesystem.deny) == 0 with input as res({"containers": []}, [])
}

test_unknown_containers_are_unknown if {
	inp := res({"containers": null}, ["containers"])
	count(readonly_root_filesystem.deny) == 0 with input as inp
	unknowns := readonly_root_filesystem.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["containers"]
}
