# METADATA
# title: Lambda function environment variables do not look like secrets
# description: >-
#   Environment variable names that say password, secret, token, API key, private key, access key or
#   credential suggest a secret stored in the function's configuration, where anyone allowed
#   lambda:GetFunctionConfiguration reads it in clear. Names that end in _ARN, _NAME, _ID, _PATH, _PARAM,
#   _PARAMETER, _URL or _REF point to a secret kept elsewhere and pass. Only names are read: vigil never
#   reads the values.
# custom:
#   id: LAMBDA.10
#   severity: high
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: ["5.17"]
#     nist-800-53-r5: ["IA-5(7)"]
#     nist-csf-2.0: ["PR.AA-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Keep the secret in aws_secretsmanager_secret (or an SSM SecureString parameter), pass its ARN or name
#     in the environment variable (for example DB_PASSWORD_SECRET_ARN) and read it at run time, or use the
#     Parameters and Secrets Lambda extension.
package vigil.aws.lambda.environment_secrets

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.lambda.function")
	names := object.get(r.attributes, ["environment", "variable_names"], [])
	is_array(names)
	suspicious := [n | some n in names; lib.secret_like_name(n)]
	count(suspicious) > 0
	not lib.is_unknown(r, "environment.variable_names")
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q has environment variables whose names suggest secrets: %s", [lib.label(r), concat(", ", suspicious)]),
		"evidence": {"environment.variable_names": suspicious},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	lib.is_unknown(r, "environment.variable_names")
	result := {
		"resource": r.id,
		"message": sprintf("environment variables of Lambda function %q are unknown", [lib.label(r)]),
		"missing": ["environment.variable_names"],
	}
}
