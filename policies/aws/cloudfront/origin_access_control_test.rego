package vigil.aws.cloudfront.origin_access_control_test

import data.vigil.aws.cloudfront.origin_access_control

res(attrs, unknown) := {"by_type": {"aws.cloudfront.distribution": [{"id": "res.id", "type": "aws.cloudfront.distribution", "name": "res", "attributes": attrs, "unknown": unknown}]}}

origin(id, oac, oai) := {"origin_id": id, "s3": true, "origin_access_control_id": oac, "origin_access_identity": oai}

test_oac_passes if {
	inp := res({"origins": [origin("a", "E1", null), {"origin_id": "c", "s3": false}]}, [])
	count(origin_access_control.deny) == 0 with input as inp
	count(origin_access_control.unknown) == 0 with input as inp
}

test_oai_fails if {
	denies := origin_access_control.deny with input as res({"origins": [origin("a", null, "origin-access-identity/cloudfront/E2")]}, [])
	count(denies) == 1
	some d in denies
	d.message == "CloudFront distribution \"res\" reaches S3 origins through a legacy origin access identity"
	d.evidence.origin_ids == ["a"]
}

test_no_access_at_all_is_left_to_cloudfront_3 if {
	count(origin_access_control.deny) == 0 with input as res({"origins": [origin("a", null, null)]}, [])
}

test_unknown_oac_is_unknown if {
	inp := res({"origins": [origin("a", null, "origin-access-identity/cloudfront/E2")]}, ["origins.0.origin_access_control_id"])
	count(origin_access_control.deny) == 0 with input as inp
	unknowns := origin_access_control.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["origins.0.origin_access_control_id"]
}
