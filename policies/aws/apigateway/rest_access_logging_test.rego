package vigil.aws.apigateway.rest_access_logging_test

import data.vigil.aws.apigateway.rest_access_logging

res(attrs, unknown) := {"by_type": {"aws.apigateway.stage": [{"id": "res.id", "type": "aws.apigateway.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"access_log": {"destination_arn": "arn:aws:logs:eu-west-1:111122223333:log-group:api"}}, [])
	count(rest_access_logging.deny) == 0 with input as inp
	count(rest_access_logging.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := rest_access_logging.deny with input as res({"access_log": {"destination_arn": null}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "API Gateway stage \"res\" does not write access logs"
	d.evidence["access_log.destination_arn"] == null
}

test_absent_takes_the_documented_default if {
	count(rest_access_logging.deny) == 1 with input as res({}, [])
	count(rest_access_logging.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["access_log.destination_arn"])
	count(rest_access_logging.deny) == 0 with input as inp
	unknowns := rest_access_logging.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["access_log.destination_arn"]
}
