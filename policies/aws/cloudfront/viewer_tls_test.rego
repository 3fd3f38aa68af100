package vigil.aws.cloudfront.viewer_tls_test

import data.vigil.aws.cloudfront.viewer_tls

res(attrs, unknown) := {"by_type": {"aws.cloudfront.distribution": [{"id": "res.id", "type": "aws.cloudfront.distribution", "name": "res", "attributes": attrs, "unknown": unknown}]}}

cert(default_cert, version) := {"viewer_certificate": {"cloudfront_default_certificate": default_cert, "minimum_protocol_version": version}}

test_custom_certificate_with_tls12_passes if {
	inp := res(cert(false, "TLSv1.2_2021"), [])
	count(viewer_tls.deny) == 0 with input as inp
	count(viewer_tls.unknown) == 0 with input as inp
}

test_default_certificate_fails if {
	denies := viewer_tls.deny with input as res(cert(true, "TLSv1"), [])
	count(denies) == 1
	some d in denies
	d.message == "CloudFront distribution \"res\" uses the default certificate, which accepts TLS 1.0"
	d.evidence["viewer_certificate.cloudfront_default_certificate"] == true
}

test_old_minimum_fails if {
	denies := viewer_tls.deny with input as res(cert(false, "TLSv1.1_2016"), [])
	count(denies) == 1
	some d in denies
	d.evidence["viewer_certificate.minimum_protocol_version"] == "TLSv1.1_2016"
}

test_absent_minimum_takes_the_default if {
	count(viewer_tls.deny) == 1 with input as res({"viewer_certificate": {"cloudfront_default_certificate": false}}, [])
}

test_unknown_minimum_is_unknown if {
	inp := res(cert(false, null), ["viewer_certificate.minimum_protocol_version"])
	count(viewer_tls.deny) == 0 with input as inp
	unknowns := viewer_tls.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["viewer_certificate.minimum_protocol_version"]
}

test_unrecognised_version_is_unknown if {
	count(viewer_tls.deny) == 0 with input as res(cert(false, "TLSv9"), [])
	count(viewer_tls.unknown) == 1 with input as res(cert(false, "TLSv9"), [])
}
