package vigil.aws.ecs.host_paths_test

import data.vigil.aws.ecs.host_paths

res(attrs, unknown) := {"by_type": {"aws.ecs.task_definition": [{"id": "res.id", "type": "aws.ecs.task_definition", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_no_sensitive_path_passes if {
	inp := res({"host_volume_paths": ["/var/log/app", "/srv/data"]}, [])
	count(host_paths.deny) == 0 with input as inp
	count(host_paths.unknown) == 0 with input as inp
	count(host_paths.deny) == 0 with input as res({}, [])
	count(host_paths.deny) == 0 with input as res({"host_volume_paths": ["/etcetera", "/running"]}, [])
}

test_docker_socket_fails if {
	denies := host_paths.deny with input as res({"host_volume_paths": ["/var/log", "/var/run/docker.sock"]}, [])
	count(denies) == 1
	some d in denies
	d.message == "ECS task definition \"res\" mounts sensitive host paths: /var/run/docker.sock"
	d.evidence == {"host_volume_paths": ["/var/run/docker.sock"]}
}

test_root_and_system_paths_fail if {
	count(host_paths.deny) == 1 with input as res({"host_volume_paths": ["/"]}, [])
	count(host_paths.deny) == 1 with input as res({"host_volume_paths": ["/etc/"]}, [])
	count(host_paths.deny) == 1 with input as res({"host_volume_paths": ["/proc/1"]}, [])
}

test_unknown_is_unknown if {
	inp := res({"host_volume_paths": null}, ["host_volume_paths"])
	count(host_paths.deny) == 0 with input as inp
	count(host_paths.unknown) == 1 with input as inp
}
