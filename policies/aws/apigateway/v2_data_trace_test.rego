package vigil.aws.apigateway.v2_data_trace_test

import data.vigil.aws.apigateway.v2_data_trace

res(attrs, unknown) := {"by_type": {"aws.apigatewayv2.stage": [{"id": "res.id", "type": "aws.apigatewayv2.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"default_route_settings": {"data_trace_enabled": false}}, [])
	count(v2_data_trace.deny) == 0 with input as inp
	count(v2_data_trace.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := v2_data_trace.deny with input as res({"default_route_settings": {"data_trace_enabled": true}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "API Gateway v2 stage \"res\" logs full requests and responses"
	d.evidence["default_route_settings.data_trace_enabled"] == true
}

test_absent_takes_the_documented_default if {
	count(v2_data_trace.deny) == 0 with input as res({}, [])
	count(v2_data_trace.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["default_route_settings.data_trace_enabled"])
	count(v2_data_trace.deny) == 0 with input as inp
	unknowns := v2_data_trace.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["default_route_settings.data_trace_enabled"]
}
