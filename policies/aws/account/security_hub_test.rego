package vigil.aws.account.security_hub_test

import data.vigil.aws.account.security_hub

account(attrs, unknown) := {"by_type": {"aws.account": [{
	"id": "arn:aws:iam::123456789012:root",
	"type": "aws.account",
	"name": "123456789012",
	"account": "123456789012",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_encrypted_everywhere_passes if {
	inp := account(
		{"regions": {
			"eu-west-1": {"securityhub_enabled": true, "config_recorder_on": false},
			"us-east-1": {"securityhub_enabled": true},
		}},
		[],
	)
	count(security_hub.deny) == 0 with input as inp
	count(security_hub.unknown) == 0 with input as inp
}

test_one_region_off_fails if {
	denies := security_hub.deny with input as account(
		{"regions": {
			"us-east-1": {"securityhub_enabled": true},
			"eu-west-1": {"securityhub_enabled": false},
			"ap-south-1": {"securityhub_enabled": false},
		}},
		[],
	)
	count(denies) == 1
	some d in denies
	d.message == "account \"123456789012\" does not have AWS Security Hub enabled in ap-south-1, eu-west-1"
	d.evidence["regions.eu-west-1.securityhub_enabled"] == false
	d.evidence["regions.us-east-1.securityhub_enabled"] == true
}

test_unknown_region_is_unknown if {
	inp := account(
		{"regions": {
			"us-east-1": {"securityhub_enabled": true},
			"eu-west-1": {"securityhub_enabled": null},
		}},
		["regions.eu-west-1.securityhub_enabled"],
	)
	count(security_hub.deny) == 0 with input as inp
	unknowns := security_hub.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["regions.eu-west-1.securityhub_enabled"]
}

test_region_collected_without_ec2_is_unknown if {
	inp := account(
		{"regions": {
			"us-east-1": {"securityhub_enabled": true},
			"eu-west-1": {"config_recorder_on": true},
		}},
		[],
	)
	count(security_hub.deny) == 0 with input as inp
	unknowns := security_hub.unknown with input as inp
	some u in unknowns
	u.missing == ["regions.eu-west-1.securityhub_enabled"]
}

test_off_region_wins_over_unknown_region if {
	inp := account(
		{"regions": {
			"us-east-1": {"securityhub_enabled": false},
			"eu-west-1": {"securityhub_enabled": null},
		}},
		["regions.eu-west-1.securityhub_enabled"],
	)
	count(security_hub.deny) == 1 with input as inp
	count(security_hub.unknown) == 0 with input as inp
}

test_no_regions_is_unknown_never_a_pass if {
	count(security_hub.deny) == 0 with input as account({}, [])
	unknowns := security_hub.unknown with input as account({}, [])
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["regions"]
	count(security_hub.unknown) == 1 with input as account({"regions": {}}, [])
	count(security_hub.unknown) == 1 with input as account({}, ["regions"])
}
