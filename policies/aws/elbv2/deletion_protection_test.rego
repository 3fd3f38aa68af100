package vigil.aws.elbv2.deletion_protection_test

import data.vigil.aws.elbv2.deletion_protection

res(attrs, unknown) := {"by_type": {"aws.elbv2.load_balancer": [{"id": "res.id", "type": "aws.elbv2.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"deletion_protection": true}, [])
	count(deletion_protection.deny) == 0 with input as inp
	count(deletion_protection.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := deletion_protection.deny with input as res({"deletion_protection": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "load balancer \"res\" has no deletion protection"
	d.evidence["deletion_protection"] == false
}

test_absent_takes_the_documented_default if {
	count(deletion_protection.deny) == 1 with input as res({}, [])
	count(deletion_protection.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["deletion_protection"])
	count(deletion_protection.deny) == 0 with input as inp
	unknowns := deletion_protection.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["deletion_protection"]
}
