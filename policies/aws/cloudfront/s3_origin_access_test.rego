package vigil.aws.cloudfront.s3_origin_access_test

import data.vigil.aws.cloudfront.s3_origin_access

res(attrs, unknown) := {"by_type": {"aws.cloudfront.distribution": [{"id": "res.id", "type": "aws.cloudfront.distribution", "name": "res", "attributes": attrs, "unknown": unknown}]}}

origin(id, s3, oac, oai) := {"origin_id": id, "domain_name": "d", "s3": s3, "origin_access_control_id": oac, "origin_access_identity": oai}

test_oac_and_custom_origins_pass if {
	inp := res({"origins": [origin("a", true, "E1", null), origin("b", true, null, "origin-access-identity/cloudfront/E2"), origin("c", false, null, null)]}, [])
	count(s3_origin_access.deny) == 0 with input as inp
	count(s3_origin_access.unknown) == 0 with input as inp
}

test_open_s3_origin_fails if {
	denies := s3_origin_access.deny with input as res({"origins": [origin("a", true, null, null)]}, [])
	count(denies) == 1
	some d in denies
	d.message == "CloudFront distribution \"res\" reads S3 origins without origin access control"
	d.evidence.origins == [{"origin_id": "a", "domain_name": "d"}]
}

test_unknown_oai_is_unknown if {
	inp := res({"origins": [origin("a", true, null, null)]}, ["origins.0.origin_access_identity"])
	count(s3_origin_access.deny) == 0 with input as inp
	unknowns := s3_origin_access.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["origins.0.origin_access_identity"]
}

test_unknown_kind_is_unknown if {
	inp := res({"origins": [origin("a", null, null, null)]}, ["origins.0.s3"])
	count(s3_origin_access.deny) == 0 with input as inp
	count(s3_origin_access.unknown) == 1 with input as inp
}

test_unknown_origins_is_unknown if {
	count(s3_origin_access.unknown) == 1 with input as res({"origins": null}, ["origins"])
}
