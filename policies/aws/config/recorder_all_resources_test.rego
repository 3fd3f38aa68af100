package vigil.aws.config.recorder_all_resources_test

import data.vigil.aws.config.recorder_all_resources as rule

inp(attrs, unknown) := {"by_type": {"aws.config.recorder": [{"id": "r", "type": "aws.config.recorder", "name": "default", "attributes": attrs, "unknown": unknown}]}}

test_everything_recorded_passes if {
	i := inp({"all_supported": true, "include_global_resource_types": true}, [])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}

test_gaps_fail if {
	denies := rule.deny with input as inp({"all_supported": true, "include_global_resource_types": false}, [])
	count(denies) == 1
	some d in denies
	d.message == "AWS Config recorder \"default\" does not record global resources"
	count(rule.deny) == 1 with input as inp({"all_supported": false, "include_global_resource_types": false}, [])
	count(rule.deny) == 1 with input as inp({}, [])
}

test_unknown_is_unknown if {
	i := inp({"all_supported": true, "include_global_resource_types": null}, ["include_global_resource_types"])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 1 with input as i
	# a known gap fails whatever is unknown
	count(rule.deny) == 1 with input as inp({"all_supported": false}, ["include_global_resource_types"])
}
