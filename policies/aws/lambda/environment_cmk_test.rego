package vigil.aws.lambda.environment_cmk_test

import data.vigil.aws.lambda.environment_cmk

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_cmk_passes if {
	inp := res({"environment": {"variable_names": ["STAGE"], "kms_key_arn": "arn:aws:kms:eu-west-1:1:key/k"}}, [])
	count(environment_cmk.deny) == 0 with input as inp
	count(environment_cmk.unknown) == 0 with input as inp
	count(environment_cmk.not_applicable) == 0 with input as inp
}

test_aws_managed_key_fails if {
	denies := environment_cmk.deny with input as res({"environment": {"variable_names": ["A", "B"], "kms_key_arn": null}}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" encrypts its 2 environment variable(s) with the AWS managed key, not a customer managed key"
	d.evidence["environment.variable_names"] == ["A", "B"]
}

test_no_variables_is_not_applicable if {
	inp := res({"environment": {"variable_names": [], "kms_key_arn": null}}, [])
	count(environment_cmk.deny) == 0 with input as inp
	count(environment_cmk.not_applicable) == 1 with input as inp
}

test_unknown_key_is_unknown if {
	inp := res({"environment": {"variable_names": ["A"], "kms_key_arn": null}}, ["environment.kms_key_arn"])
	count(environment_cmk.deny) == 0 with input as inp
	unknowns := environment_cmk.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["environment.kms_key_arn"]
}

test_unknown_variables_without_key_is_unknown if {
	inp := res({"environment": {"variable_names": null, "kms_key_arn": null}}, ["environment.variable_names"])
	count(environment_cmk.deny) == 0 with input as inp
	count(environment_cmk.unknown) == 1 with input as inp
	count(environment_cmk.not_applicable) == 0 with input as inp
}
