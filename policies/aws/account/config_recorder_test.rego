package vigil.aws.account.config_recorder_test

import data.vigil.aws.account.config_recorder

account(attrs, unknown) := {"by_type": {"aws.account": [{
	"id": "arn:aws:iam::123456789012:root",
	"type": "aws.account",
	"name": "123456789012",
	"account": "123456789012",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_recording_everywhere_passes if {
	inp := account(
		{"regions": {
			"eu-west-1": {"config_recorder_on": true, "ebs_encryption_by_default": false},
			"us-east-1": {"config_recorder_on": true},
		}},
		[],
	)
	count(config_recorder.deny) == 0 with input as inp
	count(config_recorder.unknown) == 0 with input as inp
}

test_one_region_off_fails if {
	denies := config_recorder.deny with input as account(
		{"regions": {
			"us-east-1": {"config_recorder_on": true},
			"eu-west-1": {"config_recorder_on": false},
			"ap-south-1": {"config_recorder_on": false},
		}},
		[],
	)
	count(denies) == 1
	some d in denies
	d.message == "account \"123456789012\" has no AWS Config recorder recording in ap-south-1, eu-west-1"
	d.evidence["regions.eu-west-1.config_recorder_on"] == false
	d.evidence["regions.us-east-1.config_recorder_on"] == true
}

test_unknown_region_is_unknown if {
	inp := account(
		{"regions": {
			"us-east-1": {"config_recorder_on": true},
			"eu-west-1": {"config_recorder_on": null},
		}},
		["regions.eu-west-1.config_recorder_on"],
	)
	count(config_recorder.deny) == 0 with input as inp
	unknowns := config_recorder.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["regions.eu-west-1.config_recorder_on"]
}

test_region_collected_without_config_is_unknown if {
	inp := account(
		{"regions": {
			"us-east-1": {"config_recorder_on": true},
			"eu-west-1": {"ebs_encryption_by_default": true},
		}},
		[],
	)
	count(config_recorder.deny) == 0 with input as inp
	unknowns := config_recorder.unknown with input as inp
	some u in unknowns
	u.missing == ["regions.eu-west-1.config_recorder_on"]
}

test_off_region_wins_over_unknown_region if {
	inp := account(
		{"regions": {
			"us-east-1": {"config_recorder_on": false},
			"eu-west-1": {"config_recorder_on": null},
		}},
		["regions.eu-west-1.config_recorder_on"],
	)
	count(config_recorder.deny) == 1 with input as inp
	count(config_recorder.unknown) == 0 with input as inp
}

test_no_regions_is_unknown_never_a_pass if {
	count(config_recorder.deny) == 0 with input as account({}, [])
	unknowns := config_recorder.unknown with input as account({}, [])
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["regions"]
	count(config_recorder.unknown) == 1 with input as account({"regions": {}}, [])
	count(config_recorder.unknown) == 1 with input as account({}, ["regions"])
}
