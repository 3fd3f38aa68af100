# METADATA
# title: API Gateway REST API stages do not log full requests and responses
# description: >-
#   Data tracing writes whole request and response bodies, with the credentials, tokens and personal data they
#   carry, to CloudWatch Logs, where everyone who reads the logs sees them. AWS advises against it in
#   production.
# custom:
#   id: APIGW.12
#   severity: low
#   resource_types: [aws.apigateway.stage]
#   controls:
#     iso27001-2022: ["8.12"]
#     nist-800-53-r5: ["AU-3(3)"]
#     nist-csf-2.0: ["PR.DS-10"]
#   remediation: >-
#     Set settings { data_trace_enabled = false } (the default) in the aws_api_gateway_method_settings of the
#     stage.
package vigil.aws.apigateway.rest_data_trace

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

deny contains result if {
	some r in lib.resources("aws.apigateway.stage")
	traced := [lib.object_get(s, "method_path", null) | some s in _list(r, "method_settings"); s.data_trace_enabled == true]
	count(traced) > 0
	result := lib.failure(r, sprintf("API Gateway stage %q logs full requests and responses", [lib.label(r)]), {"data_trace_method_paths": traced})
}

unknown contains result if {
	some r in lib.resources("aws.apigateway.stage")
	not _denied(r)
	missing := array.concat(lib.unknown_paths_within(r, ["method_settings"]), _wrong_list(r, "method_settings"))
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("data tracing of API Gateway stage %q is unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	some s in _list(r, "method_settings")
	s.data_trace_enabled == true
}
