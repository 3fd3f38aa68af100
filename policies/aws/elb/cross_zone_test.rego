package vigil.aws.elb.cross_zone_test

import data.vigil.aws.elb.cross_zone

res(attrs, unknown) := {"by_type": {"aws.elb.load_balancer": [{"id": "res.id", "type": "aws.elb.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"cross_zone_load_balancing": true}, [])
	count(cross_zone.deny) == 0 with input as inp
	count(cross_zone.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := cross_zone.deny with input as res({"cross_zone_load_balancing": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "classic load balancer \"res\" does not balance across Availability Zones"
	d.evidence["cross_zone_load_balancing"] == false
}

test_absent_takes_the_documented_default if {
	count(cross_zone.deny) == 0 with input as res({}, [])
	count(cross_zone.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["cross_zone_load_balancing"])
	count(cross_zone.deny) == 0 with input as inp
	unknowns := cross_zone.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["cross_zone_load_balancing"]
}
