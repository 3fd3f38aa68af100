# METADATA
# title: API Gateway HTTP and WebSocket API stages do not log full messages
# description: >-
#   Data tracing on the default route settings writes whole request and response bodies (WebSocket messages),
#   with the credentials, tokens and personal data they carry, to CloudWatch Logs, where everyone who reads
#   the logs sees them. AWS advises against it in production.
# custom:
#   id: APIGW.13
#   severity: low
#   resource_types: [aws.apigatewayv2.stage]
#   controls:
#     iso27001-2022: ["8.12"]
#     nist-800-53-r5: ["AU-3(3)"]
#     nist-csf-2.0: ["PR.DS-10"]
#   remediation: >-
#     Set default_route_settings { data_trace_enabled = false } (the default) on the aws_apigatewayv2_stage.
package vigil.aws.apigateway.v2_data_trace

import data.vigil.lib

# Absent data_trace_enabled means the default: false.
deny contains result if {
	some r in lib.resources("aws.apigatewayv2.stage")
	not lib.is_unknown(r, "default_route_settings.data_trace_enabled")
	v := lib.attribute(r, ["default_route_settings", "data_trace_enabled"], false)
	not _ok(v)
	result := lib.failure(r, sprintf("API Gateway v2 stage %q logs full requests and responses", [lib.label(r)]), {"default_route_settings.data_trace_enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.apigatewayv2.stage")
	lib.is_unknown(r, "default_route_settings.data_trace_enabled")
	result := lib.unknown_result(r, sprintf("data tracing of API Gateway v2 stage %q is unknown", [lib.label(r)]), ["default_route_settings.data_trace_enabled"])
}

_ok(v) if v == false
