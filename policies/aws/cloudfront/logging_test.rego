package vigil.aws.cloudfront.logging_test

import data.vigil.aws.cloudfront.logging

res(attrs, unknown) := {"by_type": {"aws.cloudfront.distribution": [{"id": "res.id", "type": "aws.cloudfront.distribution", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"logging": {"enabled": true}}, [])
	count(logging.deny) == 0 with input as inp
	count(logging.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := logging.deny with input as res({"logging": {"enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "CloudFront distribution \"res\" does not write access logs"
	d.evidence["logging.enabled"] == false
}

test_absent_takes_the_documented_default if {
	count(logging.deny) == 1 with input as res({}, [])
	count(logging.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["logging.enabled"])
	count(logging.deny) == 0 with input as inp
	unknowns := logging.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["logging.enabled"]
}
