package vigil.aws.apigateway.rest_xray_tracing_test

import data.vigil.aws.apigateway.rest_xray_tracing

res(attrs, unknown) := {"by_type": {"aws.apigateway.stage": [{"id": "res.id", "type": "aws.apigateway.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"xray_tracing_enabled": true}, [])
	count(rest_xray_tracing.deny) == 0 with input as inp
	count(rest_xray_tracing.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := rest_xray_tracing.deny with input as res({"xray_tracing_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "API Gateway stage \"res\" does not trace requests with X-Ray"
	d.evidence["xray_tracing_enabled"] == false
}

test_absent_takes_the_documented_default if {
	count(rest_xray_tracing.deny) == 1 with input as res({}, [])
	count(rest_xray_tracing.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["xray_tracing_enabled"])
	count(rest_xray_tracing.deny) == 0 with input as inp
	unknowns := rest_xray_tracing.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["xray_tracing_enabled"]
}
