package vigil.aws.guardduty.lambda_protection_test

import data.vigil.aws.guardduty.lambda_protection as rule

inp(features, unknown) := {"by_type": {"aws.guardduty.detector": [{"id": "d", "type": "aws.guardduty.detector", "name": "d", "attributes": {"enabled": true, "features": features}, "unknown": unknown}]}}

test_enabled_plan_passes if {
	i := inp({"LAMBDA_NETWORK_LOGS": true}, [])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}

test_disabled_or_absent_plan_fails if {
	denies := rule.deny with input as inp({"LAMBDA_NETWORK_LOGS": false}, [])
	count(denies) == 1
	some d in denies
	d.evidence["features.LAMBDA_NETWORK_LOGS"] == false
	# live: GetDetector lists no such feature
	count(rule.deny) == 1 with input as inp({}, [])
	# another plan enabled does not count
	count(rule.deny) == 1 with input as inp({"S3_DATA_EVENTS": true}, [])
}

test_unknown_plan_is_unknown if {
	i := inp({"LAMBDA_NETWORK_LOGS": null}, ["features.LAMBDA_NETWORK_LOGS"])
	count(rule.deny) == 0 with input as i
	unknowns := rule.unknown with input as i
	count(unknowns) == 1
	count(rule.unknown) == 1 with input as inp(null, ["features"])
}
