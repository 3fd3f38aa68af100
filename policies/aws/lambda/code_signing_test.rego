package vigil.aws.lambda.code_signing_test

import data.vigil.aws.lambda.code_signing

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_signed_passes if {
	inp := res({"package_type": "Zip", "code_signing_config_arn": "arn:aws:lambda:eu-west-1:1:code-signing-config:csc-1"}, [])
	count(code_signing.deny) == 0 with input as inp
	count(code_signing.not_applicable) == 0 with input as inp
}

test_unsigned_fails if {
	denies := code_signing.deny with input as res({"package_type": "Zip", "code_signing_config_arn": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" has no code signing configuration"
	d.evidence == {"code_signing_config_arn": null}
}

test_image_is_not_applicable if {
	inp := res({"package_type": "Image", "code_signing_config_arn": null}, [])
	count(code_signing.deny) == 0 with input as inp
	count(code_signing.not_applicable) == 1 with input as inp
}

test_unknown_is_unknown if {
	inp := res({"package_type": "Zip", "code_signing_config_arn": null}, ["code_signing_config_arn"])
	count(code_signing.deny) == 0 with input as inp
	count(code_signing.unknown) == 1 with input as inp
}
