# METADATA
# title: API Gateway REST API methods require authorisation
# description: >-
#   A method with authorization NONE can be called by anyone who can reach the API; an API key is for usage
#   plans, not authentication. CORS preflight (OPTIONS) methods are not judged. An API defined by an OpenAPI
#   body is reported as unknown.
# custom:
#   id: APIGW.7
#   severity: medium
#   resource_types: [aws.apigateway.rest_api]
#   controls:
#     iso27001-2022: ["8.3", "8.5"]
#     nist-800-53-r5: ["AC-3"]
#     nist-csf-2.0: ["PR.AA-03"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(d)"]
#   remediation: >-
#     Set authorization = "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM" (with authorizer_id) on each
#     aws_api_gateway_method, or restrict a private API with a resource policy.
package vigil.aws.apigateway.rest_method_authorization

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_open(m) if {
	lib.object_get(m, "authorization", null) == "NONE"
	lib.object_get(m, "http_method", null) != "OPTIONS"
}

deny contains result if {
	some r in lib.resources("aws.apigateway.rest_api")
	open := [{"http_method": lib.object_get(m, "http_method", null), "authorization": "NONE"} | some m in _list(r, "methods"); _open(m)]
	count(open) > 0
	result := lib.failure(r, sprintf("API Gateway REST API %q has methods without authorisation", [lib.label(r)]), {"methods": open})
}

unknown contains result if {
	some r in lib.resources("aws.apigateway.rest_api")
	not _denied(r)
	missing := array.concat(lib.unknown_paths_within(r, ["methods"]), _wrong_list(r, "methods"))
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("authorisation of the methods of API Gateway REST API %q is unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	some m in _list(r, "methods")
	_open(m)
}
