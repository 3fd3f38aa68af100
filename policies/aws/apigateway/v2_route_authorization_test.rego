package vigil.aws.apigateway.v2_route_authorization_test

import data.vigil.aws.apigateway.v2_route_authorization

res(attrs, unknown) := {"by_type": {"aws.apigatewayv2.api": [{"id": "res.id", "type": "aws.apigatewayv2.api", "name": "res", "attributes": attrs, "unknown": unknown}]}}

route(key, auth) := {"route_key": key, "authorization_type": auth}

test_authorised_routes_pass if {
	inp := res({"protocol_type": "HTTP", "routes": [route("POST /events", "JWT"), route("GET /x", "AWS_IAM")]}, [])
	count(v2_route_authorization.deny) == 0 with input as inp
	count(v2_route_authorization.unknown) == 0 with input as inp
}

test_open_route_fails if {
	denies := v2_route_authorization.deny with input as res({"protocol_type": "HTTP", "routes": [route("$default", "NONE")]}, [])
	count(denies) == 1
	some d in denies
	d.message == "API Gateway v2 API \"res\" has routes without authorisation"
	d.evidence.routes == [{"route_key": "$default", "authorization_type": "NONE"}]
}

test_websocket_judges_connect_only if {
	count(v2_route_authorization.deny) == 0 with input as res({"protocol_type": "WEBSOCKET", "routes": [route("$connect", "CUSTOM"), route("sendmessage", "NONE")]}, [])
	count(v2_route_authorization.deny) == 1 with input as res({"protocol_type": "WEBSOCKET", "routes": [route("$connect", "NONE")]}, [])
}

test_unknown_routes_are_unknown if {
	inp := res({"protocol_type": "HTTP", "routes": null}, ["routes"])
	count(v2_route_authorization.deny) == 0 with input as inp
	unknowns := v2_route_authorization.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["routes"]
}
