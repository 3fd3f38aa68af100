package vigil.aws.lambda.url_auth_test

import data.vigil.aws.lambda.url_auth

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_no_url_passes if {
	count(url_auth.deny) == 0 with input as res({"url": null}, [])
	count(url_auth.unknown) == 0 with input as res({}, [])
}

test_iam_url_passes if {
	count(url_auth.deny) == 0 with input as res({"url": {"auth_type": "AWS_IAM"}}, [])
}

test_public_url_fails if {
	denies := url_auth.deny with input as res({"url": {"auth_type": "NONE"}}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" has a function URL without authentication (auth type NONE)"
	d.evidence == {"url.auth_type": "NONE"}
}

test_unknown_url_is_unknown if {
	inp := res({"url": null}, ["url"])
	count(url_auth.deny) == 0 with input as inp
	unknowns := url_auth.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["url.auth_type"]
}
