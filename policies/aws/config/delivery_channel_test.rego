package vigil.aws.config.delivery_channel_test

import data.vigil.aws.config.delivery_channel

recorder(attrs, unknown) := {"by_type": {"aws.config.recorder": [{"id": "aws_config_configuration_recorder.main", "type": "aws.config.recorder", "name": "main", "attributes": attrs, "unknown": unknown}]}}

channel := {"name": "default", "s3_bucket_name": "config-history", "sns_topic_arn": null}

test_recorder_with_channel_passes if {
	inp := recorder({"name": "main", "delivery_channel": channel}, [])
	count(delivery_channel.deny) == 0 with input as inp
	count(delivery_channel.unknown) == 0 with input as inp
}

test_recorder_without_channel_fails if {
	denies := delivery_channel.deny with input as recorder({"name": "main", "delivery_channel": null}, [])
	denies == {{
		"resource": "aws_config_configuration_recorder.main",
		"message": "AWS Config recorder \"main\" has no delivery channel",
		"evidence": {"delivery_channel": null},
	}}
}

test_absent_channel_fails if {
	count(delivery_channel.deny) == 1 with input as recorder({"name": "main"}, [])
}

test_unknown_channel_is_unknown if {
	inp := recorder({"name": "main"}, ["delivery_channel"])
	count(delivery_channel.deny) == 0 with input as inp
	unknowns := delivery_channel.unknown with input as inp
	some u in unknowns
	u.missing == ["delivery_channel"]
}

test_unknown_bucket_still_passes if {
	inp := recorder({"name": "main", "delivery_channel": {"name": "default", "s3_bucket_name": null}}, ["delivery_channel.s3_bucket_name"])
	count(delivery_channel.deny) == 0 with input as inp
	count(delivery_channel.unknown) == 0 with input as inp
}
