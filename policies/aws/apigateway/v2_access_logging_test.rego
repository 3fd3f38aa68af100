package vigil.aws.apigateway.v2_access_logging_test

import data.vigil.aws.apigateway.v2_access_logging

res(attrs, unknown) := {"by_type": {"aws.apigatewayv2.stage": [{"id": "res.id", "type": "aws.apigatewayv2.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"access_log": {"destination_arn": "arn:aws:logs:eu-west-1:111122223333:log-group:api"}}, [])
	count(v2_access_logging.deny) == 0 with input as inp
	count(v2_access_logging.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := v2_access_logging.deny with input as res({"access_log": {"destination_arn": null}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "API Gateway v2 stage \"res\" does not write access logs"
	d.evidence["access_log.destination_arn"] == null
}

test_absent_takes_the_documented_default if {
	count(v2_access_logging.deny) == 1 with input as res({}, [])
	count(v2_access_logging.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["access_log.destination_arn"])
	count(v2_access_logging.deny) == 0 with input as inp
	unknowns := v2_access_logging.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["access_log.destination_arn"]
}
