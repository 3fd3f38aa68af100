# METADATA
# title: Lambda function environment variables are encrypted with a customer managed key
# description: >-
#   A function that has environment variables encrypts them with a customer managed KMS key rather than the
#   AWS managed key aws/lambda, so that who may decrypt them is governed by a key policy and every use of
#   the key is logged. A function without environment variables is not applicable.
# custom:
#   id: LAMBDA.3
#   severity: low
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Set kms_key_arn on the aws_lambda_function to a customer managed aws_kms_key whose key policy lets the
#     function's role decrypt.
package vigil.aws.lambda.environment_cmk

import data.vigil.lib

# No kms_key_arn means the AWS managed key aws/lambda.
deny contains result if {
	some r in lib.resources("aws.lambda.function")
	not lib.is_set(object.get(r.attributes, ["environment", "kms_key_arn"], null))
	names := object.get(r.attributes, ["environment", "variable_names"], [])
	is_array(names)
	count(names) > 0
	not lib.is_unknown(r, "environment.kms_key_arn")
	not lib.is_unknown(r, "environment.variable_names")
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q encrypts its %d environment variable(s) with the AWS managed key, not a customer managed key", [lib.label(r), count(names)]),
		"evidence": {"environment.kms_key_arn": null, "environment.variable_names": names},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	missing := lib.unknown_paths(r, ["environment.kms_key_arn", "environment.variable_names"])
	count(missing) > 0
	not lib.is_set(object.get(r.attributes, ["environment", "kms_key_arn"], null))
	not _no_variables(r)
	result := {
		"resource": r.id,
		"message": sprintf("encryption of the environment variables of Lambda function %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}

not_applicable contains result if {
	some r in lib.resources("aws.lambda.function")
	_no_variables(r)
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q has no environment variables", [lib.label(r)]),
	}
}

_no_variables(r) if {
	not lib.is_unknown(r, "environment.variable_names")
	object.get(r.attributes, ["environment", "variable_names"], []) == []
}
