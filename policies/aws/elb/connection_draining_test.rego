package vigil.aws.elb.connection_draining_test

import data.vigil.aws.elb.connection_draining

res(attrs, unknown) := {"by_type": {"aws.elb.load_balancer": [{"id": "res.id", "type": "aws.elb.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"connection_draining": true}, [])
	count(connection_draining.deny) == 0 with input as inp
	count(connection_draining.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := connection_draining.deny with input as res({"connection_draining": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "classic load balancer \"res\" does not drain connections"
	d.evidence["connection_draining"] == false
}

test_absent_takes_the_documented_default if {
	count(connection_draining.deny) == 1 with input as res({}, [])
	count(connection_draining.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["connection_draining"])
	count(connection_draining.deny) == 0 with input as inp
	unknowns := connection_draining.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["connection_draining"]
}
