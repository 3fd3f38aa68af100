package vigil.aws.elbv2.drop_invalid_headers_test

import data.vigil.aws.elbv2.drop_invalid_headers

res(attrs, unknown) := {"by_type": {"aws.elbv2.load_balancer": [{"id": "res.id", "type": "aws.elbv2.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"drop_invalid_header_fields": true}, [])
	count(drop_invalid_headers.deny) == 0 with input as inp
	count(drop_invalid_headers.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := drop_invalid_headers.deny with input as res({"drop_invalid_header_fields": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "application load balancer \"res\" forwards invalid HTTP header fields"
	d.evidence["drop_invalid_header_fields"] == false
}

test_absent_takes_the_documented_default if {
	count(drop_invalid_headers.deny) == 1 with input as res({}, [])
	count(drop_invalid_headers.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["drop_invalid_header_fields"])
	count(drop_invalid_headers.deny) == 0 with input as inp
	unknowns := drop_invalid_headers.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["drop_invalid_header_fields"]
}

test_out_of_scope_is_not_judged if {
	inp := res({"drop_invalid_header_fields": false, "load_balancer_type": "network"}, [])
	count(drop_invalid_headers.deny) == 0 with input as inp
	count(drop_invalid_headers.unknown) == 0 with input as inp
	count(drop_invalid_headers.unknown) == 0 with input as res({"drop_invalid_header_fields": false, "load_balancer_type": "network"}, ["drop_invalid_header_fields"])
}

test_unknown_scope_of_a_failing_value_is_unknown if {
	inp := res({"drop_invalid_header_fields": false}, ["load_balancer_type"])
	count(drop_invalid_headers.deny) == 0 with input as inp
	unknowns := drop_invalid_headers.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["load_balancer_type"]
}
