package vigil.aws.ec2.instance_profile_test

import data.vigil.aws.ec2.instance_profile as rule

instance(attrs, unknown) := {"by_type": {"aws.ec2.instance": [{
	"id": "aws_instance.web",
	"type": "aws.ec2.instance",
	"name": "web",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_profile_passes if {
	inp := instance({"iam_instance_profile": "aws_iam_instance_profile.web"}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_no_profile_fails if {
	denies := rule.deny with input as instance({"iam_instance_profile": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "EC2 instance \"web\" has no IAM instance profile"
	d.evidence == {"iam_instance_profile": null}
}

test_absent_profile_fails if {
	count(rule.deny) == 1 with input as instance({}, [])
	count(rule.deny) == 1 with input as instance({"iam_instance_profile": ""}, [])
}

test_unknown_profile_is_unknown if {
	inp := instance({"iam_instance_profile": null}, ["iam_instance_profile"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["iam_instance_profile"]
}
