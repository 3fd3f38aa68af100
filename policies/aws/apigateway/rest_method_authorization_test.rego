package vigil.aws.apigateway.rest_method_authorization_test

import data.vigil.aws.apigateway.rest_method_authorization

res(attrs, unknown) := {"by_type": {"aws.apigateway.rest_api": [{"id": "res.id", "type": "aws.apigateway.rest_api", "name": "res", "attributes": attrs, "unknown": unknown}]}}

method(verb, auth) := {"http_method": verb, "authorization": auth, "api_key_required": false}

test_authorised_methods_pass if {
	inp := res({"methods": [method("GET", "AWS_IAM"), method("POST", "CUSTOM"), method("OPTIONS", "NONE")]}, [])
	count(rest_method_authorization.deny) == 0 with input as inp
	count(rest_method_authorization.unknown) == 0 with input as inp
}

test_open_method_fails if {
	denies := rest_method_authorization.deny with input as res({"methods": [method("GET", "AWS_IAM"), method("ANY", "NONE")]}, [])
	count(denies) == 1
	some d in denies
	d.message == "API Gateway REST API \"res\" has methods without authorisation"
	d.evidence.methods == [{"http_method": "ANY", "authorization": "NONE"}]
}

test_unknown_methods_are_unknown if {
	inp := res({"methods": null}, ["methods"])
	count(rest_method_authorization.deny) == 0 with input as inp
	unknowns := rest_method_authorization.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["methods"]
}

test_no_methods_pass if {
	count(rest_method_authorization.deny) == 0 with input as res({}, [])
	count(rest_method_authorization.unknown) == 0 with input as res({}, [])
}
