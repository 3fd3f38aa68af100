package vigil.aws.apigateway.rest_data_trace_test

import data.vigil.aws.apigateway.rest_data_trace

res(attrs, unknown) := {"by_type": {"aws.apigateway.stage": [{"id": "res.id", "type": "aws.apigateway.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_no_trace_passes if {
	inp := res({"method_settings": [{"method_path": "*/*", "data_trace_enabled": false}]}, [])
	count(rest_data_trace.deny) == 0 with input as inp
	count(rest_data_trace.unknown) == 0 with input as inp
}

test_trace_fails if {
	denies := rest_data_trace.deny with input as res({"method_settings": [{"method_path": "*/*", "data_trace_enabled": true}]}, [])
	count(denies) == 1
	some d in denies
	d.message == "API Gateway stage \"res\" logs full requests and responses"
	d.evidence.data_trace_method_paths == ["*/*"]
}

test_unknown_trace_is_unknown if {
	inp := res({"method_settings": [{"method_path": "*/*"}]}, ["method_settings.0.data_trace_enabled"])
	count(rest_data_trace.deny) == 0 with input as inp
	unknowns := rest_data_trace.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["method_settings"]
}
