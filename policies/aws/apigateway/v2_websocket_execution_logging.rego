# METADATA
# title: API Gateway WebSocket API stages write execution logs
# description: >-
#   Execution logs (default route logging level ERROR or INFO) record how API Gateway handled each message and
#   connection: authoriser decisions, integration errors, throttling. HTTP API stages have no execution logs
#   and are not judged.
# custom:
#   id: APIGW.11
#   severity: medium
#   resource_types: [aws.apigatewayv2.stage]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#   remediation: >-
#     Add default_route_settings { logging_level = "ERROR" } (or "INFO") to the aws_apigatewayv2_stage of the
#     WebSocket API.
package vigil.aws.apigateway.v2_websocket_execution_logging

import data.vigil.lib

_websocket(r) if r.attributes.protocol_type == "WEBSOCKET"

# Absent logging_level means the default: OFF.
deny contains result if {
	some r in lib.resources("aws.apigatewayv2.stage")
	_websocket(r)
	not lib.is_unknown(r, "protocol_type")
	not lib.is_unknown(r, "default_route_settings.logging_level")
	v := lib.attribute(r, ["default_route_settings", "logging_level"], "OFF")
	not v in {"ERROR", "INFO"}
	result := lib.failure(r, sprintf("API Gateway WebSocket stage %q does not write execution logs", [lib.label(r)]), {"default_route_settings.logging_level": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.apigatewayv2.stage")
	not _not_websocket(r)
	not lib.attribute(r, ["default_route_settings", "logging_level"], "OFF") in {"ERROR", "INFO"}
	missing := lib.unknown_paths(r, ["protocol_type", "default_route_settings.logging_level"])
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("execution logging of API Gateway stage %q is unknown", [lib.label(r)]), missing)
}

_not_websocket(r) if {
	not lib.is_unknown(r, "protocol_type")
	not _websocket(r)
}
