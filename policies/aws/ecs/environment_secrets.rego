# METADATA
# title: ECS container environment variables do not look like secrets
# description: >-
#   No plain environment variable of a container is named like a secret (password, secret, token, API key,
#   private key, access key, credential): such values are visible to anyone allowed
#   ecs:DescribeTaskDefinition. The names that end in _ARN, _NAME, _ID, _PATH, _PARAM, _PARAMETER, _URL or
#   _REF pass, and so do variables taken from Secrets Manager or SSM (secrets). Only names are read: vigil
#   never reads the values.
# custom:
#   id: ECS.4
#   severity: high
#   resource_types: [aws.ecs.task_definition]
#   controls:
#     iso27001-2022: ["5.17"]
#     nist-800-53-r5: ["IA-5(7)"]
#     nist-csf-2.0: ["PR.AA-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Move the value to aws_secretsmanager_secret (or an SSM SecureString parameter) and reference it from
#     the container definition's "secrets" (name and valueFrom) instead of "environment".
package vigil.aws.ecs.environment_secrets

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.ecs.task_definition")
	containers := object.get(r.attributes, "containers", [])
	is_array(containers)
	bad := [c | some c in containers; is_object(c); count([n | some n in object.get(c, "environment_names", []); lib.secret_like_name(n)]) > 0]
	count(bad) > 0
	not lib.unknown_within(r, "containers")
	result := {
		"resource": r.id,
		"message": sprintf("ECS task definition %q has containers with environment variables whose names suggest secrets: %s", [lib.label(r), concat(", ", [_name(c) | some c in bad])]),
		"evidence": {"containers": [{"name": c.name, "environment_names": [n | some n in c.environment_names; lib.secret_like_name(n)]} | some c in bad]},
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
