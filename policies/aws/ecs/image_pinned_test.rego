package vigil.aws.ecs.image_pinned_test

import data.vigil.aws.ecs.image_pinned

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"containers": [{"name": "good", "image": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2"}]}, [])
	count(image_pinned.deny) == 0 with input as inp
	count(image_pinned.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := image_pinned.deny with input as res({"containers": [{"name": "good", "image": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2"}, {"name": "bad", "image": "nginx:latest"}]}, [])
	count(denies) == 1
	some d in denies
	count(d.evidence.containers) == 1
	d.evidence.containers[0].name == "bad"
}

test_no_containers_passes if {
	count(image_pinned.deny) == 0 with input as res({"containers": []}, [])
}

test_unknown_containers_are_unknown if {
	inp := res({"containers": null}, ["containers"])
	count(image_pinned.deny) == 0 with input as inp
	unknowns := image_pinned.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["containers"]
}

test_image_spellings if {
	unpinned := [i |
		some i in ["nginx", "nginx:latest", "registry:5000/app", "registry:5000/app:latest"]
		count(image_pinned.deny) == 1 with input as res({"containers": [{"name": "c", "image": i}]}, [])
	]
	count(unpinned) == 4
	pinned := [i |
		some i in ["nginx:1.27", "registry:5000/app:2.0", "nginx@sha256:abc", "nginx:latest@sha256:abc"]
		count(image_pinned.deny) == 0 with input as res({"containers": [{"name": "c", "image": i}]}, [])
	]
	count(pinned) == 4
}
