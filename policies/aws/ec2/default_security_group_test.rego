package vigil.aws.ec2.default_security_group_test

import data.vigil.aws.ec2.default_security_group as rule

sg(name, attrs, unknown) := {"by_type": {"aws.ec2.security_group": [{
	"id": "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1",
	"type": "aws.ec2.security_group",
	"name": name,
	"attributes": attrs,
	"unknown": unknown,
}]}}

self_rule := {"protocol": "-1", "from_port": 0, "to_port": 65535, "cidr_blocks": [], "self": true}

test_default_group_without_rules_passes if {
	inp := sg("default", {"is_default": true, "vpc_id": "vpc-1", "ingress": [], "egress": []}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	count(rule.not_applicable) == 0 with input as inp
}

test_default_group_with_aws_default_rules_fails if {
	denies := rule.deny with input as sg("default", {"is_default": true, "vpc_id": "vpc-1", "ingress": [self_rule], "egress": [self_rule]}, [])
	count(denies) == 1
	some d in denies
	d.message == "default security group \"default\" of VPC vpc-1 has 1 ingress and 1 egress rules"
	d.evidence.ingress == [self_rule]
}

test_other_groups_are_not_applicable if {
	inp := sg("web", {"is_default": false, "ingress": [self_rule], "egress": []}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.not_applicable) == 1 with input as inp
}

test_name_default_counts_without_the_flag if {
	count(rule.deny) == 1 with input as sg("default", {"ingress": [self_rule], "egress": []}, [])
}

test_unknown_rules_are_unknown if {
	inp := sg("default", {"is_default": true, "ingress": null, "egress": []}, ["ingress"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["ingress"]
}

test_possible_rules_are_unknown if {
	inp := sg("default", {"is_default": true, "ingress": [], "egress": [], "possible_egress": [self_rule]}, ["egress.0"])
	count(rule.deny) == 0 with input as inp
	unknowns := rule.unknown with input as inp
	some u in unknowns
	u.missing == ["egress"]
}

test_known_rule_wins_over_unknown if {
	inp := sg("default", {"is_default": true, "ingress": [self_rule], "egress": null}, ["egress"])
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_wrong_type_is_unknown_never_a_pass if {
	inp := sg("default", {"is_default": true, "ingress": "x", "egress": []}, [])
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
