package vigil.aws.elbv2.desync_mitigation_test

import data.vigil.aws.elbv2.desync_mitigation

res(attrs, unknown) := {"by_type": {"aws.elbv2.load_balancer": [{"id": "res.id", "type": "aws.elbv2.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"desync_mitigation_mode": "strictest"}, [])
	count(desync_mitigation.deny) == 0 with input as inp
	count(desync_mitigation.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := desync_mitigation.deny with input as res({"desync_mitigation_mode": "monitor"}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "application load balancer \"res\" does not mitigate HTTP desync (mode monitor)"
	d.evidence["desync_mitigation_mode"] == "monitor"
}

test_absent_takes_the_documented_default if {
	count(desync_mitigation.deny) == 0 with input as res({}, [])
	count(desync_mitigation.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["desync_mitigation_mode"])
	count(desync_mitigation.deny) == 0 with input as inp
	unknowns := desync_mitigation.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["desync_mitigation_mode"]
}

test_out_of_scope_is_not_judged if {
	inp := res({"desync_mitigation_mode": "monitor", "load_balancer_type": "network"}, [])
	count(desync_mitigation.deny) == 0 with input as inp
	count(desync_mitigation.unknown) == 0 with input as inp
	count(desync_mitigation.unknown) == 0 with input as res({"desync_mitigation_mode": "monitor", "load_balancer_type": "network"}, ["desync_mitigation_mode"])
}

test_unknown_scope_of_a_failing_value_is_unknown if {
	inp := res({"desync_mitigation_mode": "monitor"}, ["load_balancer_type"])
	count(desync_mitigation.deny) == 0 with input as inp
	unknowns := desync_mitigation.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["load_balancer_type"]
}
