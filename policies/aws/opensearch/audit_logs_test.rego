package vigil.aws.opensearch.audit_logs_test

import data.vigil.aws.opensearch.audit_logs

res(attrs, unknown) := {"by_type": {"aws.opensearch.domain": [{"id": "res.id", "type": "aws.opensearch.domain", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"logs": {"audit": true}}, [])
	count(audit_logs.deny) == 0 with input as inp
	count(audit_logs.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := audit_logs.deny with input as res({"logs": {"audit": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "OpenSearch domain \"res\" does not publish audit logs"
	d.evidence == {"logs.audit": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(audit_logs.deny) == 1 with input as inp
	count(audit_logs.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["logs"])
	count(audit_logs.deny) == 0 with input as inp
	unknowns := audit_logs.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["logs.audit"]
}
