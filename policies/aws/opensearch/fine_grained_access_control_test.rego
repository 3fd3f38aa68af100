package vigil.aws.opensearch.fine_grained_access_control_test

import data.vigil.aws.opensearch.fine_grained_access_control

res(attrs, unknown) := {"by_type": {"aws.opensearch.domain": [{"id": "res.id", "type": "aws.opensearch.domain", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"fine_grained_access_control": true}, [])
	count(fine_grained_access_control.deny) == 0 with input as inp
	count(fine_grained_access_control.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := fine_grained_access_control.deny with input as res({"fine_grained_access_control": false}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "OpenSearch domain \"res\" has no fine-grained access control"
	d.evidence == {"fine_grained_access_control": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(fine_grained_access_control.deny) == 1 with input as inp
	count(fine_grained_access_control.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["fine_grained_access_control"])
	count(fine_grained_access_control.deny) == 0 with input as inp
	unknowns := fine_grained_access_control.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["fine_grained_access_control"]
}
