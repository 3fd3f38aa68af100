# METADATA
# title: Lambda function URL requires IAM authentication
# description: >-
#   A function URL with auth type NONE is a public HTTPS endpoint: anyone on the internet who knows the URL
#   can invoke the function. Functions without a URL pass.
# custom:
#   id: LAMBDA.4
#   severity: high
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: ["8.3", "8.5"]
#     nist-800-53-r5: ["AC-3", "AC-14"]
#     nist-csf-2.0: ["PR.AA-03"]
#     soc2-tsc-2017: ["CC6.1", "CC6.6"]
#   remediation: >-
#     Set authorization_type = "AWS_IAM" on the aws_lambda_function_url, or put the function behind an
#     authenticating front end (API Gateway with an authorizer) and remove the URL.
package vigil.aws.lambda.url_auth

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.lambda.function")
	r.attributes.url.auth_type == "NONE"
	not lib.is_unknown(r, "url.auth_type")
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q has a function URL without authentication (auth type NONE)", [lib.label(r)]),
		"evidence": {"url.auth_type": "NONE"},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	lib.is_unknown(r, "url.auth_type")
	result := {
		"resource": r.id,
		"message": sprintf("function URL authentication of Lambda function %q is unknown", [lib.label(r)]),
		"missing": ["url.auth_type"],
	}
}
