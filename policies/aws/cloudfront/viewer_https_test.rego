package vigil.aws.cloudfront.viewer_https_test

import data.vigil.aws.cloudfront.viewer_https

res(attrs, unknown) := {"by_type": {"aws.cloudfront.distribution": [{"id": "res.id", "type": "aws.cloudfront.distribution", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_https_behaviours_pass if {
	inp := res({"cache_behaviors": [{"path_pattern": "*", "viewer_protocol_policy": "redirect-to-https"}, {"path_pattern": "/api/*", "viewer_protocol_policy": "https-only"}]}, [])
	count(viewer_https.deny) == 0 with input as inp
	count(viewer_https.unknown) == 0 with input as inp
}

test_allow_all_fails if {
	denies := viewer_https.deny with input as res({"cache_behaviors": [{"path_pattern": "*", "viewer_protocol_policy": "https-only"}, {"path_pattern": "/img/*", "viewer_protocol_policy": "allow-all"}]}, [])
	count(denies) == 1
	some d in denies
	d.message == "CloudFront distribution \"res\" serves content over HTTP"
	d.evidence.cache_behaviors == [{"path_pattern": "/img/*", "viewer_protocol_policy": "allow-all"}]
}

test_unknown_policy_is_unknown if {
	inp := res({"cache_behaviors": [{"path_pattern": "*", "viewer_protocol_policy": null}]}, ["cache_behaviors.0.viewer_protocol_policy"])
	count(viewer_https.deny) == 0 with input as inp
	unknowns := viewer_https.unknown with input as inp
	some u in unknowns
	u.missing == ["cache_behaviors"]
}

test_deny_wins_over_unknown if {
	inp := res({"cache_behaviors": [{"path_pattern": "*", "viewer_protocol_policy": "allow-all"}]}, ["cache_behaviors.1"])
	count(viewer_https.deny) == 1 with input as inp
	count(viewer_https.unknown) == 0 with input as inp
}
