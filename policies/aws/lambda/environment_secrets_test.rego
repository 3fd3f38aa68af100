package vigil.aws.lambda.environment_secrets_test

import data.vigil.aws.lambda.environment_secrets

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_plain_names_pass if {
	inp := res({"environment": {"variable_names": ["STAGE", "DB_PASSWORD_SECRET_ARN", "TOKEN_PARAM"]}}, [])
	count(environment_secrets.deny) == 0 with input as inp
	count(environment_secrets.unknown) == 0 with input as inp
}

test_secret_names_fail if {
	denies := environment_secrets.deny with input as res({"environment": {"variable_names": ["DB_PASSWORD", "STAGE", "stripe_api_key"]}}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" has environment variables whose names suggest secrets: DB_PASSWORD, stripe_api_key"
	d.evidence == {"environment.variable_names": ["DB_PASSWORD", "stripe_api_key"]}
}

test_unknown_is_unknown if {
	inp := res({"environment": {"variable_names": null}}, ["environment.variable_names"])
	count(environment_secrets.deny) == 0 with input as inp
	count(environment_secrets.unknown) == 1 with input as inp
}
