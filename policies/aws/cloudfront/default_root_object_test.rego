package vigil.aws.cloudfront.default_root_object_test

import data.vigil.aws.cloudfront.default_root_object

res(attrs, unknown) := {"by_type": {"aws.cloudfront.distribution": [{"id": "res.id", "type": "aws.cloudfront.distribution", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"default_root_object": "index.html"}, [])
	count(default_root_object.deny) == 0 with input as inp
	count(default_root_object.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := default_root_object.deny with input as res({"default_root_object": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "CloudFront distribution \"res\" has no default root object"
	d.evidence["default_root_object"] == null
}

test_absent_takes_the_documented_default if {
	count(default_root_object.deny) == 1 with input as res({}, [])
	count(default_root_object.unknown) == 0 with input as res({}, [])
}

test_unknown_value_is_unknown if {
	inp := res({}, ["default_root_object"])
	count(default_root_object.deny) == 0 with input as inp
	unknowns := default_root_object.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["default_root_object"]
}
