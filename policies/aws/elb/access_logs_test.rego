package vigil.aws.elb.access_logs_test

import data.vigil.aws.elb.access_logs

res(attrs, unknown) := {"by_type": {"aws.elb.load_balancer": [{"id": "res.id", "type": "aws.elb.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"access_logs": {"enabled": true}}, [])
	count(access_logs.deny) == 0 with input as inp
	count(access_logs.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := access_logs.deny with input as res({"access_logs": {"enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "classic load balancer \"res\" does not write access logs"
	d.evidence["access_logs.enabled"] == false
}

test_absent_takes_the_documented_default if {
	count(access_logs.deny) == 1 with input as res({}, [])
	count(access_logs.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["access_logs.enabled"])
	count(access_logs.deny) == 0 with input as inp
	unknowns := access_logs.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["access_logs.enabled"]
}
