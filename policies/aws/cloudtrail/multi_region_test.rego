package vigil.aws.cloudtrail.multi_region_test

import data.vigil.aws.cloudtrail.multi_region

res(attrs, unknown) := {"by_type": {"aws.cloudtrail.trail": [{"id": "res.id", "type": "aws.cloudtrail.trail", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"multi_region": true}, [])
	count(multi_region.deny) == 0 with input as inp
	count(multi_region.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := multi_region.deny with input as res({"multi_region": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "CloudTrail trail \"res\" records only its home region"
	d.evidence.multi_region == false
}

test_absent_takes_the_documented_default if {
	count(multi_region.deny) == 1 with input as res({}, [])
	count(multi_region.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(multi_region.deny) == 1 with input as res({"multi_region": null}, [])
}

test_unknown_parent_is_unknown if {
	inp := res({}, ["multi_region"])
	count(multi_region.deny) == 0 with input as inp
	unknowns := multi_region.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["multi_region"]
}
