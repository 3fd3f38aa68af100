package vigil.aws.opensearch.encryption_at_rest_test

import data.vigil.aws.opensearch.encryption_at_rest

res(attrs, unknown) := {"by_type": {"aws.opensearch.domain": [{"id": "res.id", "type": "aws.opensearch.domain", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"encrypt_at_rest": {"enabled": true}}, [])
	count(encryption_at_rest.deny) == 0 with input as inp
	count(encryption_at_rest.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := encryption_at_rest.deny with input as res({"encrypt_at_rest": {"enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "OpenSearch domain \"res\" is not encrypted at rest"
	d.evidence == {"encrypt_at_rest.enabled": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(encryption_at_rest.deny) == 1 with input as inp
	count(encryption_at_rest.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["encrypt_at_rest"])
	count(encryption_at_rest.deny) == 0 with input as inp
	unknowns := encryption_at_rest.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["encrypt_at_rest.enabled"]
}
