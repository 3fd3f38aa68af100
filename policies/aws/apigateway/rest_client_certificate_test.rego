package vigil.aws.apigateway.rest_client_certificate_test

import data.vigil.aws.apigateway.rest_client_certificate

res(attrs, unknown) := {"by_type": {"aws.apigateway.stage": [{"id": "res.id", "type": "aws.apigateway.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"client_certificate_id": "abc123"}, [])
	count(rest_client_certificate.deny) == 0 with input as inp
	count(rest_client_certificate.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := rest_client_certificate.deny with input as res({"client_certificate_id": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "API Gateway stage \"res\" presents no client certificate to its back end"
	d.evidence["client_certificate_id"] == null
}

test_absent_takes_the_documented_default if {
	count(rest_client_certificate.deny) == 1 with input as res({}, [])
	count(rest_client_certificate.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["client_certificate_id"])
	count(rest_client_certificate.deny) == 0 with input as inp
	unknowns := rest_client_certificate.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["client_certificate_id"]
}
