# METADATA
# title: ECS containers do not add dangerous Linux capabilities
# description: >-
#   No container adds ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, SYS_RAWIO, DAC_READ_SEARCH or BPF
#   to its Linux capabilities: each gives a process in the container power over the host kernel, its network
#   or other processes, close to running privileged.
# custom:
#   id: ECS.9
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: ["8.2"]
#     nist-800-53-r5: ["AC-6", "CM-7"]
#     nist-csf-2.0: ["PR.AA-05"]
#   remediation: >-
#     Remove those capabilities from linuxParameters.capabilities.add in the container definitions of the
#     aws_ecs_task_definition; add only the narrow capability a container needs (for example
#     NET_BIND_SERVICE).
package vigil.aws.ecs.capabilities

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	containers := object.get(r.attributes, "containers", [])
	is_array(containers)
	bad := [c | some c in containers; is_object(c); count(_dangerous(c)) > 0]
	count(bad) > 0
	not lib.unknown_within(r, "containers")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q has containers that add dangerous Linux capabilities: %s", [lib.label(r), concat(", ", [_name(c) | some c in bad])]),
		"evidence": {"containers": [{"name": c.name, "capabilities_add": _dangerous(c)} | some c in bad]},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecs.task_definition")
	lib.unknown_within(r, "containers")
	result := {
		"resource": r.id,
		"message": sprintf("container definitions of ECS task definition %q are unknown", [lib.label(r)]),
		"missing": lib.unknown_paths_within(r, ["containers"]),
	}
}

_name(c) := c.name if is_string(c.name) else := "(unnamed)"

# _dangerous lists the capabilities a container adds that reach beyond it (capability names are
# case-insensitive; a CAP_ prefix is accepted).
_dangerous(c) := [a |
	some a in object.get(c, "capabilities_add", [])
	is_string(a)
	trim_prefix(upper(a), "CAP_") in {"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF"}
]
