package vigil.aws.apigateway.v2_websocket_execution_logging_test

import data.vigil.aws.apigateway.v2_websocket_execution_logging

res(attrs, unknown) := {"by_type": {"aws.apigatewayv2.stage": [{"id": "res.id", "type": "aws.apigatewayv2.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_error_logging_passes if {
	inp := res({"protocol_type": "WEBSOCKET", "default_route_settings": {"logging_level": "ERROR"}}, [])
	count(v2_websocket_execution_logging.deny) == 0 with input as inp
	count(v2_websocket_execution_logging.unknown) == 0 with input as inp
}

test_logging_off_fails if {
	denies := v2_websocket_execution_logging.deny with input as res({"protocol_type": "WEBSOCKET", "default_route_settings": {"logging_level": "OFF"}}, [])
	count(denies) == 1
	some d in denies
	d.message == "API Gateway WebSocket stage \"res\" does not write execution logs"
	d.evidence["default_route_settings.logging_level"] == "OFF"
}

test_absent_takes_the_documented_default if {
	count(v2_websocket_execution_logging.deny) == 1 with input as res({"protocol_type": "WEBSOCKET"}, [])
}

test_http_stage_is_not_judged if {
	count(v2_websocket_execution_logging.deny) == 0 with input as res({"protocol_type": "HTTP"}, [])
	count(v2_websocket_execution_logging.unknown) == 0 with input as res({"protocol_type": "HTTP"}, ["default_route_settings.logging_level"])
}

test_unknown_level_is_unknown if {
	inp := res({"protocol_type": "WEBSOCKET"}, ["default_route_settings.logging_level"])
	count(v2_websocket_execution_logging.deny) == 0 with input as inp
	unknowns := v2_websocket_execution_logging.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["default_route_settings.logging_level"]
}
