package vigil.aws.ecs.environment_secrets_test

import data.vigil.aws.ecs.environment_secrets

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"containers": [{"name": "good", "environment_names": ["STAGE"], "secret_names": ["DB_PASSWORD"]}]}, [])
	count(environment_secrets.deny) == 0 with input as inp
	count(environment_secrets.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := environment_secrets.deny with input as res({"containers": [{"name": "good", "environment_names": ["STAGE"], "secret_names": ["DB_PASSWORD"]}, {"name": "bad", "environment_names": ["DB_PASSWORD", "STAGE"]}]}, [])
	count(denies) == 1
	some d in denies
	count(d.evidence.containers) == 1
	d.evidence.containers[0].name == "bad"
}

test_no_containers_passes if {
	count(environment_secrets.deny) == 0 with input as res({"containers": []}, [])
}

test_unknown_containers_are_unknown if {
	inp := res({"containers": null}, ["containers"])
	count(environment_secrets.deny) == 0 with input as inp
	unknowns := environment_secrets.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["containers"]
}
