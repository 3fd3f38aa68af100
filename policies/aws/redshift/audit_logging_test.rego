package vigil.aws.redshift.audit_logging_test

import data.vigil.aws.redshift.audit_logging

res(attrs, unknown) := {"by_type": {"aws.redshift.cluster": [{"id": "res.id", "type": "aws.redshift.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"logging": {"enabled": true}}, [])
	count(audit_logging.deny) == 0 with input as inp
	count(audit_logging.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := audit_logging.deny with input as res({"logging": {"enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "Redshift cluster \"res\" has no audit logging"
	d.evidence == {"logging.enabled": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(audit_logging.deny) == 1 with input as inp
	count(audit_logging.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["logging"])
	count(audit_logging.deny) == 0 with input as inp
	unknowns := audit_logging.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["logging.enabled"]
}
