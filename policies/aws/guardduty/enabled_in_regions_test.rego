package vigil.aws.guardduty.enabled_in_regions_test

import data.vigil.aws.guardduty.enabled_in_regions as rule

acct(regions, unknown) := {"by_type": {"aws.account": [{"id": "arn:aws:iam::123456789012:root", "type": "aws.account", "name": "123456789012", "attributes": {"regions": regions}, "unknown": unknown}]}}

test_every_region_enabled_passes if {
	i := acct({"eu-west-1": {"guardduty_enabled": true}, "us-east-1": {"guardduty_enabled": true}}, [])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}

test_region_without_detector_fails if {
	denies := rule.deny with input as acct({"eu-west-1": {"guardduty_enabled": true}, "us-east-1": {"guardduty_enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.message == "account \"123456789012\" does not have GuardDuty enabled in us-east-1"
}

test_unread_region_is_unknown if {
	i := acct({"eu-west-1": {"guardduty_enabled": true}, "us-east-1": {"guardduty_enabled": null}}, ["regions.us-east-1.guardduty_enabled"])
	count(rule.deny) == 0 with input as i
	unknowns := rule.unknown with input as i
	some u in unknowns
	u.missing == ["regions.us-east-1.guardduty_enabled"]
	# a region collected by another service only
	count(rule.unknown) == 1 with input as acct({"eu-west-1": {"config_recorder_on": true}}, [])
	count(rule.unknown) == 1 with input as acct({}, [])
}
