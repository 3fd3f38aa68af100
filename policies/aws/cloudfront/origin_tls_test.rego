package vigil.aws.cloudfront.origin_tls_test

import data.vigil.aws.cloudfront.origin_tls

res(attrs, unknown) := {"by_type": {"aws.cloudfront.distribution": [{"id": "res.id", "type": "aws.cloudfront.distribution", "name": "res", "attributes": attrs, "unknown": unknown}]}}

origin(policy, protocols) := {"origin_id": "a", "s3": false, "origin_protocol_policy": policy, "origin_ssl_protocols": protocols}

test_tls12_passes if {
	inp := res({"origins": [origin("https-only", ["TLSv1.2"]), {"origin_id": "s", "s3": true, "origin_protocol_policy": null, "origin_ssl_protocols": []}]}, [])
	count(origin_tls.deny) == 0 with input as inp
	count(origin_tls.unknown) == 0 with input as inp
}

test_tls1_fails if {
	denies := origin_tls.deny with input as res({"origins": [origin("https-only", ["TLSv1", "TLSv1.2"])]}, [])
	count(denies) == 1
	some d in denies
	d.message == "CloudFront distribution \"res\" lets custom origins use TLS below 1.2"
	d.evidence.origins == [{"origin_id": "a", "origin_ssl_protocols": ["TLSv1", "TLSv1.2"]}]
}

test_http_only_origin_is_not_judged_here if {
	count(origin_tls.deny) == 0 with input as res({"origins": [origin("http-only", ["SSLv3"])]}, [])
}

test_unknown_protocols_are_unknown if {
	inp := res({"origins": [origin("https-only", null)]}, ["origins.0.origin_ssl_protocols"])
	count(origin_tls.deny) == 0 with input as inp
	unknowns := origin_tls.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["origins.0.origin_ssl_protocols"]
	count(origin_tls.unknown) == 0 with input as res({"origins": [origin("https-only", ["TLSv1.2"])]}, ["origins.0.domain_name"])
}
