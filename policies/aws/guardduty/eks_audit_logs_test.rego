package vigil.aws.guardduty.eks_audit_logs_test

import data.vigil.aws.guardduty.eks_audit_logs as rule

inp(features, unknown) := {"by_type": {"aws.guardduty.detector": [{"id": "d", "type": "aws.guardduty.detector", "name": "d", "attributes": {"enabled": true, "features": features}, "unknown": unknown}]}}

test_enabled_plan_passes if {
	i := inp({"EKS_AUDIT_LOGS": true}, [])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}

test_disabled_or_absent_plan_fails if {
	denies := rule.deny with input as inp({"EKS_AUDIT_LOGS": false}, [])
	count(denies) == 1
	some d in denies
	d.evidence["features.EKS_AUDIT_LOGS"] == false
	# live: GetDetector lists no such feature
	count(rule.deny) == 1 with input as inp({}, [])
	# another plan enabled does not count
	count(rule.deny) == 1 with input as inp({"S3_DATA_EVENTS": true}, [])
}

test_unknown_plan_is_unknown if {
	i := inp({"EKS_AUDIT_LOGS": null}, ["features.EKS_AUDIT_LOGS"])
	count(rule.deny) == 0 with input as i
	unknowns := rule.unknown with input as i
	count(unknowns) == 1
	count(rule.unknown) == 1 with input as inp(null, ["features"])
}
