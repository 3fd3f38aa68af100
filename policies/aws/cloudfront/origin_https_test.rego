package vigil.aws.cloudfront.origin_https_test

import data.vigil.aws.cloudfront.origin_https

res(attrs, unknown) := {"by_type": {"aws.cloudfront.distribution": [{"id": "res.id", "type": "aws.cloudfront.distribution", "name": "res", "attributes": attrs, "unknown": unknown}]}}

origin(id, s3, policy) := {"origin_id": id, "s3": s3, "origin_protocol_policy": policy}

behaviour(target, policy) := {"path_pattern": "*", "target_origin_id": target, "viewer_protocol_policy": policy}

test_https_only_passes if {
	inp := res({"origins": [origin("a", false, "https-only"), origin("s", true, null)], "cache_behaviors": [behaviour("a", "allow-all")]}, [])
	count(origin_https.deny) == 0 with input as inp
	count(origin_https.unknown) == 0 with input as inp
}

test_match_viewer_behind_https_behaviours_passes if {
	inp := res({"origins": [origin("a", false, "match-viewer")], "cache_behaviors": [behaviour("a", "redirect-to-https"), behaviour("b", "allow-all")]}, [])
	count(origin_https.deny) == 0 with input as inp
}

test_http_only_fails if {
	denies := origin_https.deny with input as res({"origins": [origin("a", false, "http-only")], "cache_behaviors": []}, [])
	count(denies) == 1
	some d in denies
	d.message == "CloudFront distribution \"res\" reaches custom origins over HTTP"
	d.evidence.origins == [{"origin_id": "a", "origin_protocol_policy": "http-only"}]
}

test_match_viewer_behind_allow_all_fails if {
	count(origin_https.deny) == 1 with input as res({"origins": [origin("a", false, "match-viewer")], "cache_behaviors": [behaviour("a", "allow-all")]}, [])
}

test_unknown_policy_is_unknown if {
	inp := res({"origins": [origin("a", false, null)]}, ["origins.0.origin_protocol_policy"])
	count(origin_https.deny) == 0 with input as inp
	unknowns := origin_https.unknown with input as inp
	some u in unknowns
	u.missing == ["origins.0.origin_protocol_policy"]
}

test_unknown_access_control_id_does_not_matter if {
	inp := res({"origins": [origin("a", false, "https-only")], "cache_behaviors": []}, ["origins.0.origin_access_control_id"])
	count(origin_https.unknown) == 0 with input as inp
}

test_match_viewer_with_unknown_behaviours_is_unknown if {
	inp := res({"origins": [origin("a", false, "match-viewer")], "cache_behaviors": null}, ["cache_behaviors"])
	count(origin_https.deny) == 0 with input as inp
	unknowns := origin_https.unknown with input as inp
	some u in unknowns
	u.missing == ["cache_behaviors"]
}
