package vigil.aws.eks.audit_logging_test

import data.vigil.aws.eks.audit_logging

res(attrs, unknown) := {"by_type": {"aws.eks.cluster": [{"id": "res.id", "type": "aws.eks.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_audit_passes if {
	count(audit_logging.deny) == 0 with input as res({"logging": {"enabled_types": ["api", "audit"]}}, [])
}

test_no_audit_fails if {
	denies := audit_logging.deny with input as res({"logging": {"enabled_types": ["api"]}}, [])
	count(denies) == 1
	some d in denies
	d.message == "EKS cluster \"res\" does not send its audit log to CloudWatch Logs"
	d.evidence == {"logging.enabled_types": ["api"]}
	count(audit_logging.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"logging": {"enabled_types": null}}, ["logging.enabled_types"])
	count(audit_logging.deny) == 0 with input as inp
	count(audit_logging.unknown) == 1 with input as inp
}
