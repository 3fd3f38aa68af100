# METADATA
# title: The default security group of every VPC restricts all traffic
# description: >-
#   Each VPC's default security group has no inbound and no outbound rule. Resources launched without a
#   security group land in it, and its AWS default rules let every member reach every other one; with no
#   rules, nothing is exposed by accident and groups are chosen on purpose. Other security groups are not
#   applicable. Terraform sees a default group only through aws_default_security_group, which replaces the
#   group's rules with those written (none written: none); a VPC's default group left unmanaged keeps AWS's
#   rules and is judged only by a live scan.
# custom:
#   id: EC2.10
#   severity: medium
#   resource_types: [aws.ec2.security_group]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7", "SC-7(5)"]
#     nist-csf-2.0: ["PR.IR-01"]
#     cis-aws-foundations-6.0: ["6.5"]
#   remediation: >-
#     Manage each VPC's default group with an aws_default_security_group that declares no ingress and no
#     egress blocks (Terraform then removes every rule), and put resources in security groups of their own.
package vigil.aws.ec2.default_security_group

import data.vigil.lib

# is_default is the documented flag; an inventory without it falls back on the name AWS reserves.
is_default(r) if r.attributes.is_default == true

is_default(r) if {
	not is_boolean(object.get(r.attributes, "is_default", null))
	r.name == "default"
}

directions := ["ingress", "egress"]

# known_rules are the rules known to be in the group; possible ones are not.
known_rules(r, dir) := [x | some x in object.get(r.attributes, dir, [])] if is_array(object.get(r.attributes, dir, []))

else := []

deny contains result if {
	some r in lib.resources("aws.ec2.security_group")
	is_default(r)
	rules := {dir: known_rules(r, dir) | some dir in directions}
	count(rules.ingress) + count(rules.egress) > 0
	result := {
		"resource": r.id,
		"message": sprintf("default security group %q of VPC %v has %d ingress and %d egress rules", [
			lib.label(r), object.get(r.attributes, "vpc_id", null), count(rules.ingress), count(rules.egress),
		]),
		"evidence": rules,
	}
}

# missing: lists that are unknown, may hold more rules, hold values of another type, or have rules that may
# apply (possible_ingress/possible_egress).
missing(r) := [dir |
	some dir in directions
	may_hold_rules(r, dir)
]

may_hold_rules(r, dir) if lib.unknown_within(r, dir)

may_hold_rules(r, dir) if not is_array(object.get(r.attributes, dir, []))

may_hold_rules(r, dir) if count(object.get(r.attributes, concat("", ["possible_", dir]), [])) > 0

unknown contains result if {
	some r in lib.resources("aws.ec2.security_group")
	is_default(r)
	count(known_rules(r, "ingress")) + count(known_rules(r, "egress")) == 0
	m := missing(r)
	count(m) > 0
	result := {
		"resource": r.id,
		"message": sprintf("rules of default security group %q are unknown", [lib.label(r)]),
		"missing": m,
	}
}

not_applicable contains result if {
	some r in lib.resources("aws.ec2.security_group")
	not is_default(r)
	not lib.is_unknown(r, "is_default")
	result := {
		"resource": r.id,
		"message": sprintf("security group %q is not a VPC's default security group", [lib.label(r)]),
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.security_group")
	lib.is_unknown(r, "is_default")
	result := {
		"resource": r.id,
		"message": sprintf("whether security group %q is a VPC's default group is unknown", [lib.label(r)]),
		"missing": ["is_default"],
	}
}
