package vigil.aws.guardduty.finding_frequency_test

import data.vigil.aws.guardduty.finding_frequency as rule

inp(attrs, unknown) := {"by_type": {"aws.guardduty.detector": [{"id": "d", "type": "aws.guardduty.detector", "name": "d", "attributes": attrs, "unknown": unknown}]}}

test_hourly_or_faster_passes if {
	some f in ["FIFTEEN_MINUTES", "ONE_HOUR"]
	count(rule.deny) == 0 with input as inp({"finding_publishing_frequency": f}, [])
	count(rule.unknown) == 0 with input as inp({"finding_publishing_frequency": f}, [])
}

test_six_hours_fails if {
	denies := rule.deny with input as inp({"finding_publishing_frequency": "SIX_HOURS"}, [])
	count(denies) == 1
	some d in denies
	d.evidence.finding_publishing_frequency == "SIX_HOURS"
	count(rule.deny) == 1 with input as inp({}, [])
}

test_unknown_is_unknown if {
	count(rule.deny) == 0 with input as inp({"finding_publishing_frequency": null}, ["finding_publishing_frequency"])
	count(rule.unknown) == 1 with input as inp({"finding_publishing_frequency": null}, ["finding_publishing_frequency"])
}
