package vigil.aws.ec2.imdsv2_test

import data.vigil.aws.ec2.imdsv2

instance(mo, unknown) := {"by_type": {"aws.ec2.instance": [{"id": "aws_instance.web", "type": "aws.ec2.instance", "name": "web", "attributes": {"metadata_options": mo}, "unknown": unknown}]}}

test_required_passes if {
	inp := instance({"http_tokens": "required", "http_endpoint": "enabled"}, [])
	count(imdsv2.deny) == 0 with input as inp
	count(imdsv2.unknown) == 0 with input as inp
}

test_optional_fails if {
	denies := imdsv2.deny with input as instance({"http_tokens": "optional"}, [])
	count(denies) == 1
	some d in denies
	d.message == "EC2 instance \"web\" allows IMDSv1 (http_tokens \"optional\", http_endpoint \"enabled\")"
	d.evidence["metadata_options.http_tokens"] == "optional"
}

test_disabled_endpoint_passes_even_if_tokens_unknown if {
	inp := instance({"http_endpoint": "disabled"}, ["metadata_options.http_tokens"])
	count(imdsv2.deny) == 0 with input as inp
	count(imdsv2.unknown) == 0 with input as inp
}

test_unknown_tokens_are_unknown if {
	inp := instance(null, ["metadata_options.http_tokens"])
	count(imdsv2.deny) == 0 with input as inp
	unknowns := imdsv2.unknown with input as inp
	some u in unknowns
	u.missing == ["metadata_options.http_tokens"]
}

# Not set, and no account default that requires IMDSv2: the configuration does not require it.
test_tokens_not_set_fails_as_not_required if {
	inp := instance({"http_tokens": null, "http_endpoint": "enabled"}, [])
	count(imdsv2.unknown) == 0 with input as inp
	denies := imdsv2.deny with input as inp
	some d in denies
	d.message == "EC2 instance \"web\" may allow IMDSv1: the configuration does not require it (http_tokens not set, so the AMI's default applies; http_endpoint \"enabled\")"
	d.evidence["metadata_options.http_tokens"] == null
}

test_tokens_not_set_with_endpoint_disabled_passes if {
	inp := instance({"http_endpoint": "disabled"}, [])
	count(imdsv2.deny) == 0 with input as inp
	count(imdsv2.unknown) == 0 with input as inp
}

test_optional_with_unknown_endpoint_is_unknown if {
	inp := instance({"http_tokens": "optional"}, ["metadata_options.http_endpoint"])
	count(imdsv2.deny) == 0 with input as inp
	unknowns := imdsv2.unknown with input as inp
	some u in unknowns
	u.missing == ["metadata_options.http_endpoint"]
}
