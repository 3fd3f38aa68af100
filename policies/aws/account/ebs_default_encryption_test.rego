package vigil.aws.account.ebs_default_encryption_test

import data.vigil.aws.account.ebs_default_encryption

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
			"eu-west-1": {"ebs_encryption_by_default": true, "config_recorder_on": false},
			"us-east-1": {"ebs_encryption_by_default": true},
		}},
		[],
	)
	count(ebs_default_encryption.deny) == 0 with input as inp
	count(ebs_default_encryption.unknown) == 0 with input as inp
}

test_one_region_off_fails if {
	denies := ebs_default_encryption.deny with input as account(
		{"regions": {
			"us-east-1": {"ebs_encryption_by_default": true},
			"eu-west-1": {"ebs_encryption_by_default": false},
			"ap-south-1": {"ebs_encryption_by_default": false},
		}},
		[],
	)
	count(denies) == 1
	some d in denies
	d.message == "account \"123456789012\" does not encrypt new EBS volumes by default in ap-south-1, eu-west-1"
	d.evidence["regions.eu-west-1.ebs_encryption_by_default"] == false
	d.evidence["regions.us-east-1.ebs_encryption_by_default"] == true
}

test_unknown_region_is_unknown if {
	inp := account(
		{"regions": {
			"us-east-1": {"ebs_encryption_by_default": true},
			"eu-west-1": {"ebs_encryption_by_default": null},
		}},
		["regions.eu-west-1.ebs_encryption_by_default"],
	)
	count(ebs_default_encryption.deny) == 0 with input as inp
	unknowns := ebs_default_encryption.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["regions.eu-west-1.ebs_encryption_by_default"]
}

test_region_collected_without_ec2_is_unknown if {
	inp := account(
		{"regions": {
			"us-east-1": {"ebs_encryption_by_default": true},
			"eu-west-1": {"config_recorder_on": true},
		}},
		[],
	)
	count(ebs_default_encryption.deny) == 0 with input as inp
	unknowns := ebs_default_encryption.unknown with input as inp
	some u in unknowns
	u.missing == ["regions.eu-west-1.ebs_encryption_by_default"]
}

test_off_region_wins_over_unknown_region if {
	inp := account(
		{"regions": {
			"us-east-1": {"ebs_encryption_by_default": false},
			"eu-west-1": {"ebs_encryption_by_default": null},
		}},
		["regions.eu-west-1.ebs_encryption_by_default"],
	)
	count(ebs_default_encryption.deny) == 1 with input as inp
	count(ebs_default_encryption.unknown) == 0 with input as inp
}

test_no_regions_is_unknown_never_a_pass if {
	count(ebs_default_encryption.deny) == 0 with input as account({}, [])
	unknowns := ebs_default_encryption.unknown with input as account({}, [])
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["regions"]
	count(ebs_default_encryption.unknown) == 1 with input as account({"regions": {}}, [])
	count(ebs_default_encryption.unknown) == 1 with input as account({}, ["regions"])
}
