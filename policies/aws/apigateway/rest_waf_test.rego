package vigil.aws.apigateway.rest_waf_test

import data.vigil.aws.apigateway.rest_waf

res(attrs, unknown) := {"by_type": {"aws.apigateway.stage": [{"id": "res.id", "type": "aws.apigateway.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"web_acl_id": "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/edge/1"}, [])
	count(rest_waf.deny) == 0 with input as inp
	count(rest_waf.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := rest_waf.deny with input as res({"web_acl_id": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "API Gateway stage \"res\" has no WAF web ACL"
	d.evidence["web_acl_id"] == null
}

test_absent_takes_the_documented_default if {
	count(rest_waf.deny) == 1 with input as res({}, [])
	count(rest_waf.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["web_acl_id"])
	count(rest_waf.deny) == 0 with input as inp
	unknowns := rest_waf.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["web_acl_id"]
}
