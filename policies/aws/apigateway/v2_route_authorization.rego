# METADATA
# title: API Gateway HTTP and WebSocket API routes require authorisation
# description: >-
#   A route whose authorisation type is NONE can be called by anyone who can reach the API (for WebSocket APIs
#   authorisation is set on the $connect route). A quick-create HTTP API (target set) has a $default route
#   without authorisation. An API defined by an OpenAPI body is reported as unknown.
# custom:
#   id: APIGW.10
#   severity: medium
#   resource_types: [aws.apigatewayv2.api]
#   controls:
#     iso27001-2022: ["8.3", "8.5"]
#     nist-800-53-r5: ["AC-3"]
#     nist-csf-2.0: ["PR.AA-03"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(d)"]
#   remediation: >-
#     Set authorization_type = "JWT", "AWS_IAM" or "CUSTOM" (with authorizer_id) on each
#     aws_apigatewayv2_route ($connect for WebSocket APIs).
package vigil.aws.apigateway.v2_route_authorization

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_websocket(r) if r.attributes.protocol_type == "WEBSOCKET"

# On a WebSocket API only $connect takes an authoriser; other routes cannot have one.
_open(r, route) if {
	not _websocket(r)
	lib.object_get(route, "authorization_type", "NONE") == "NONE"
}

_open(r, route) if {
	_websocket(r)
	route.route_key == "$connect"
	lib.object_get(route, "authorization_type", "NONE") == "NONE"
}

deny contains result if {
	some r in lib.resources("aws.apigatewayv2.api")
	not lib.is_unknown(r, "protocol_type")
	open := [{"route_key": lib.object_get(route, "route_key", null), "authorization_type": "NONE"} | some route in _list(r, "routes"); _open(r, route)]
	count(open) > 0
	result := lib.failure(r, sprintf("API Gateway v2 API %q has routes without authorisation", [lib.label(r)]), {"routes": open})
}

unknown contains result if {
	some r in lib.resources("aws.apigatewayv2.api")
	not _denied(r)
	missing := array.concat(lib.unknown_paths_within(r, ["routes", "protocol_type"]), _wrong_list(r, "routes"))
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("authorisation of the routes of API Gateway v2 API %q is unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	not lib.is_unknown(r, "protocol_type")
	some route in _list(r, "routes")
	_open(r, route)
}
