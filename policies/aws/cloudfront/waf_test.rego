package vigil.aws.cloudfront.waf_test

import data.vigil.aws.cloudfront.waf

res(attrs, unknown) := {"by_type": {"aws.cloudfront.distribution": [{"id": "res.id", "type": "aws.cloudfront.distribution", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"web_acl_id": "arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/1"}, [])
	count(waf.deny) == 0 with input as inp
	count(waf.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := waf.deny with input as res({"web_acl_id": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "CloudFront distribution \"res\" has no WAF web ACL"
	d.evidence["web_acl_id"] == null
}

test_absent_takes_the_documented_default if {
	count(waf.deny) == 1 with input as res({}, [])
	count(waf.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["web_acl_id"])
	count(waf.deny) == 0 with input as inp
	unknowns := waf.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["web_acl_id"]
}
