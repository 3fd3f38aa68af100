package vigil.aws.iam.server_certificate_expired_test

import data.vigil.aws.iam.server_certificate_expired as rule

cert(attrs, unknown) := {"by_type": {"aws.iam.server_certificate": [{
	"id": "arn:aws:iam::123456789012:server-certificate/www",
	"type": "aws.iam.server_certificate",
	"name": "www",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_valid_certificate_passes if {
	inp := cert({"name": "www", "expiration": "2027-01-01T00:00:00Z", "expired": false}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_expired_certificate_fails if {
	denies := rule.deny with input as cert({"name": "www", "expiration": "2025-12-31T23:59:59Z", "expired": true}, [])
	count(denies) == 1
	some d in denies
	d.message == "IAM server certificate \"www\" expired on 2025-12-31T23:59:59Z"
	d.evidence == {"expired": true, "expiration": "2025-12-31T23:59:59Z"}
}

test_terraform_certificate_is_unknown if {
	inp := cert({"name": "www", "expiration": "2027-03-04T05:06:07Z", "expired": null}, ["expired"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.message == "whether IAM server certificate \"www\" has expired is unknown (it expires on 2027-03-04T05:06:07Z)"
	u.missing == ["expired"]
}

test_not_collected_is_unknown_never_a_pass if {
	count(rule.deny) == 0 with input as cert({}, [])
	count(rule.unknown) == 1 with input as cert({}, [])
	count(rule.unknown) == 1 with input as cert({"expired": "no"}, [])
}
