# METADATA
# title: ECS task definition does not mount sensitive host paths
# description: >-
#   No volume of the task bind-mounts a sensitive path of the host instance: the root filesystem, /etc,
#   /proc, /sys, /dev, /boot, /root, /var/lib/docker, the container runtime's sockets (/var/run/docker.sock,
#   /run/containerd) or /var/run and /run as a whole. A container that can write there, or talk to the
#   Docker socket, controls the host. Other host paths (a log directory) pass.
# custom:
#   id: ECS.11
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: ["8.2"]
#     nist-800-53-r5: ["AC-6", "SC-39"]
#     nist-csf-2.0: ["PR.AA-05"]
#   remediation: >-
#     Remove the volume { host_path = ... } blocks that mount those paths from the aws_ecs_task_definition;
#     use an EFS or Docker volume for data the containers share.
package vigil.aws.ecs.host_paths

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	paths := object.get(r.attributes, "host_volume_paths", [])
	is_array(paths)
	bad := [p | some p in paths; _sensitive(p)]
	count(bad) > 0
	not lib.unknown_within(r, "host_volume_paths")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q mounts sensitive host paths: %s", [lib.label(r), concat(", ", bad)]),
		"evidence": {"host_volume_paths": bad},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecs.task_definition")
	lib.unknown_within(r, "host_volume_paths")
	result := {
		"resource": r.id,
		"message": sprintf("host volumes of ECS task definition %q are unknown", [lib.label(r)]),
		"missing": lib.unknown_paths_within(r, ["host_volume_paths"]),
	}
}

# _sensitive is true for one of the paths, or a path below one (a trailing slash is ignored; "/" alone is
# the host's root filesystem).
_sensitive(p) if {
	is_string(p)
	clean := trim_right(p, "/")
	clean == ""
}

_sensitive(p) if {
	is_string(p)
	clean := trim_right(p, "/")
	some s in ["/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/var/lib/docker", "/var/run", "/run"]
	_at_or_below(clean, s)
}

_at_or_below(p, s) if p == s

_at_or_below(p, s) if startswith(p, concat("", [s, "/"]))
