package vigil.aws.account.access_analyzer_test

import data.vigil.aws.account.access_analyzer

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
			"eu-west-1": {"access_analyzer_active": true, "config_recorder_on": false},
			"us-east-1": {"access_analyzer_active": true},
		}},
		[],
	)
	count(access_analyzer.deny) == 0 with input as inp
	count(access_analyzer.unknown) == 0 with input as inp
}

test_one_region_off_fails if {
	denies := access_analyzer.deny with input as account(
		{"regions": {
			"us-east-1": {"access_analyzer_active": true},
			"eu-west-1": {"access_analyzer_active": false},
			"ap-south-1": {"access_analyzer_active": false},
		}},
		[],
	)
	count(denies) == 1
	some d in denies
	d.message == "account \"123456789012\" has no active IAM Access Analyzer in ap-south-1, eu-west-1"
	d.evidence["regions.eu-west-1.access_analyzer_active"] == false
	d.evidence["regions.us-east-1.access_analyzer_active"] == true
}

test_unknown_region_is_unknown if {
	inp := account(
		{"regions": {
			"us-east-1": {"access_analyzer_active": true},
			"eu-west-1": {"access_analyzer_active": null},
		}},
		["regions.eu-west-1.access_analyzer_active"],
	)
	count(access_analyzer.deny) == 0 with input as inp
	unknowns := access_analyzer.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["regions.eu-west-1.access_analyzer_active"]
}

test_region_collected_without_ec2_is_unknown if {
	inp := account(
		{"regions": {
			"us-east-1": {"access_analyzer_active": true},
			"eu-west-1": {"config_recorder_on": true},
		}},
		[],
	)
	count(access_analyzer.deny) == 0 with input as inp
	unknowns := access_analyzer.unknown with input as inp
	some u in unknowns
	u.missing == ["regions.eu-west-1.access_analyzer_active"]
}

test_off_region_wins_over_unknown_region if {
	inp := account(
		{"regions": {
			"us-east-1": {"access_analyzer_active": false},
			"eu-west-1": {"access_analyzer_active": null},
		}},
		["regions.eu-west-1.access_analyzer_active"],
	)
	count(access_analyzer.deny) == 1 with input as inp
	count(access_analyzer.unknown) == 0 with input as inp
}

test_no_regions_is_unknown_never_a_pass if {
	count(access_analyzer.deny) == 0 with input as account({}, [])
	unknowns := access_analyzer.unknown with input as account({}, [])
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["regions"]
	count(access_analyzer.unknown) == 1 with input as account({"regions": {}}, [])
	count(access_analyzer.unknown) == 1 with input as account({}, ["regions"])
}
