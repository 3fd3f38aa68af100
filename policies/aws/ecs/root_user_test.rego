package vigil.aws.ecs.root_user_test

import data.vigil.aws.ecs.root_user

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"containers": [{"name": "good", "user": "1000:1000"}]}, [])
	count(root_user.deny) == 0 with input as inp
	count(root_user.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := root_user.deny with input as res({"containers": [{"name": "good", "user": "1000:1000"}, {"name": "bad", "user": null}]}, [])
	count(denies) == 1
	some d in denies
	count(d.evidence.containers) == 1
	d.evidence.containers[0].name == "bad"
}

test_no_containers_passes if {
	count(root_user.deny) == 0 with input as res({"containers": []}, [])
}

test_unknown_containers_are_unknown if {
	inp := res({"containers": null}, ["containers"])
	count(root_user.deny) == 0 with input as inp
	unknowns := root_user.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["containers"]
}

test_root_spellings_fail if {
	count(root_user.deny) == 1 with input as res({"containers": [{"name": "bad", "user": "root"}]}, [])
	count(root_user.deny) == 1 with input as res({"containers": [{"name": "bad", "user": "0:0"}]}, [])
	count(root_user.deny) == 1 with input as res({"containers": [{"name": "bad"}]}, [])
	count(root_user.deny) == 0 with input as res({"containers": [{"name": "ok", "user": "app"}]}, [])
}
