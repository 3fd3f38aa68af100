# METADATA
# title: API Gateway REST API stages write execution logs
# description: >-
#   Execution logs (logging level ERROR or INFO for all methods, method path */*) record how API Gateway
#   handled each request: authoriser decisions, integration errors, throttling. Without them errors and abuse
#   go unseen.
# custom:
#   id: APIGW.2
#   severity: medium
#   resource_types: [aws.apigateway.stage]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#   remediation: >-
#     Add an aws_api_gateway_method_settings for the stage with method_path = "*/*" and settings {
#     logging_level = "ERROR" } (or "INFO"); the account needs an aws_api_gateway_account with a CloudWatch
#     role.
package vigil.aws.apigateway.rest_execution_logging

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_logs(s) if {
	lib.object_get(s, "method_path", null) == "*/*"
	lib.object_get(s, "logging_level", null) in {"ERROR", "INFO"}
}

deny contains result if {
	some r in lib.resources("aws.apigateway.stage")
	not lib.unknown_within(r, "method_settings")
	count(_wrong_list(r, "method_settings")) == 0
	not _logging(r)
	levels := [{"method_path": lib.object_get(s, "method_path", null), "logging_level": lib.object_get(s, "logging_level", null)} | some s in _list(r, "method_settings")]
	result := lib.failure(r, sprintf("API Gateway stage %q does not write execution logs for all methods", [lib.label(r)]), {"method_settings": levels})
}

unknown contains result if {
	some r in lib.resources("aws.apigateway.stage")
	not _logging(r)
	missing := array.concat(lib.unknown_paths_within(r, ["method_settings"]), _wrong_list(r, "method_settings"))
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("execution logging of API Gateway stage %q is unknown", [lib.label(r)]), missing)
}

_logging(r) if {
	some s in _list(r, "method_settings")
	_logs(s)
}
