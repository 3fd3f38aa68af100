package vigil.aws.opensearch.enforce_https_test

import data.vigil.aws.opensearch.enforce_https

res(attrs, unknown) := {"by_type": {"aws.opensearch.domain": [{"id": "res.id", "type": "aws.opensearch.domain", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"enforce_https": true}, [])
	count(enforce_https.deny) == 0 with input as inp
	count(enforce_https.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := enforce_https.deny with input as res({"enforce_https": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "OpenSearch domain \"res\" does not require HTTPS"
	d.evidence == {"enforce_https": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(enforce_https.deny) == 1 with input as inp
	count(enforce_https.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["enforce_https"])
	count(enforce_https.deny) == 0 with input as inp
	unknowns := enforce_https.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["enforce_https"]
}
