# METADATA
# title: Lambda function enforces code signing
# description: >-
#   A code signing configuration makes Lambda check that every deployment package is signed by an allowed
#   signing profile, so code that did not come from the release pipeline cannot be deployed. Container
#   images are out of scope (Lambda code signing applies to .zip packages) and not applicable.
# custom:
#   id: LAMBDA.8
#   severity: medium
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: ["8.19"]
#     nist-800-53-r5: ["CM-14", "SI-7(15)"]
#     nist-csf-2.0: ["PR.PS-05"]
#   remediation: >-
#     Create an aws_lambda_code_signing_config with the allowed aws_signer_signing_profile and
#     untrusted_artifact_on_deployment = "Enforce", and set code_signing_config_arn on the
#     aws_lambda_function.
package vigil.aws.lambda.code_signing

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.lambda.function")
	not lib.is_set(object.get(r.attributes, "code_signing_config_arn", null))
	not r.attributes.package_type == "Image"
	not lib.is_unknown(r, "code_signing_config_arn")
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q has no code signing configuration", [lib.label(r)]),
		"evidence": {"code_signing_config_arn": null},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	lib.is_unknown(r, "code_signing_config_arn")
	not r.attributes.package_type == "Image"
	result := {
		"resource": r.id,
		"message": sprintf("code signing of Lambda function %q is unknown", [lib.label(r)]),
		"missing": ["code_signing_config_arn"],
	}
}

not_applicable contains result if {
	some r in lib.resources("aws.lambda.function")
	r.attributes.package_type == "Image"
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q is a container image: Lambda code signing applies to .zip packages", [lib.label(r)]),
	}
}
