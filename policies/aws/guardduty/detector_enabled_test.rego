package vigil.aws.guardduty.detector_enabled_test

import data.vigil.aws.guardduty.detector_enabled as rule

inp(attrs, unknown) := {"by_type": {"aws.guardduty.detector": [{"id": "d", "type": "aws.guardduty.detector", "name": "d", "attributes": attrs, "unknown": unknown}]}}

test_enabled_passes if {
	count(rule.deny) == 0 with input as inp({"enabled": true}, [])
	count(rule.deny) == 0 with input as inp({}, [])
	count(rule.unknown) == 0 with input as inp({"enabled": true}, [])
}

test_suspended_fails if {
	denies := rule.deny with input as inp({"enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.evidence.enabled == false
}

test_unknown_is_unknown if {
	count(rule.deny) == 0 with input as inp({"enabled": null}, ["enabled"])
	count(rule.unknown) == 1 with input as inp({"enabled": null}, ["enabled"])
}
