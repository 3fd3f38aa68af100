package vigil.aws.ec2.vpc_flow_logs_test

import data.vigil.aws.ec2.vpc_flow_logs as rule

vpc(attrs, unknown) := {"by_type": {"aws.ec2.vpc": [{
	"id": "aws_vpc.main",
	"type": "aws.ec2.vpc",
	"name": "main",
	"attributes": attrs,
	"unknown": unknown,
}]}}

test_flow_log_passes if {
	inp := vpc({"flow_logs_enabled": true, "flow_logs": [{"id": "fl-1", "status": "ACTIVE"}]}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_no_flow_log_fails if {
	denies := rule.deny with input as vpc({"flow_logs_enabled": false, "flow_logs": []}, [])
	count(denies) == 1
	some d in denies
	d.message == "VPC \"main\" has no active flow log"
	d.evidence == {"flow_logs_enabled": false, "flow_logs": []}
}

test_unknown_is_unknown if {
	inp := vpc({"flow_logs_enabled": null, "flow_logs": null}, ["flow_logs", "flow_logs_enabled"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["flow_logs_enabled"]
}

test_not_collected_is_unknown_never_a_pass if {
	count(rule.deny) == 0 with input as vpc({}, [])
	count(rule.unknown) == 1 with input as vpc({}, [])
	count(rule.unknown) == 1 with input as vpc({"flow_logs_enabled": "yes"}, [])
}

test_stale_value_under_unknown_is_unknown if {
	inp := vpc({"flow_logs_enabled": false}, ["flow_logs_enabled"])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
