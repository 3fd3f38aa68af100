package vigil.aws.redshift.enhanced_vpc_routing_test

import data.vigil.aws.redshift.enhanced_vpc_routing

res(attrs, unknown) := {"by_type": {"aws.redshift.cluster": [{"id": "res.id", "type": "aws.redshift.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"enhanced_vpc_routing": true}, [])
	count(enhanced_vpc_routing.deny) == 0 with input as inp
	count(enhanced_vpc_routing.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := enhanced_vpc_routing.deny with input as res({"enhanced_vpc_routing": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "Redshift cluster \"res\" does not use enhanced VPC routing"
	d.evidence == {"enhanced_vpc_routing": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(enhanced_vpc_routing.deny) == 1 with input as inp
	count(enhanced_vpc_routing.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["enhanced_vpc_routing"])
	count(enhanced_vpc_routing.deny) == 0 with input as inp
	unknowns := enhanced_vpc_routing.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["enhanced_vpc_routing"]
}
