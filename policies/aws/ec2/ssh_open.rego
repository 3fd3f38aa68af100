# METADATA
# title: Security groups do not allow SSH (port 22) from the internet
# description: >-
#   No ingress rule admits TCP port 22 (SSH) from the internet (0.0.0.0/0, ::/0, a wider-than-private CIDR, or
#   CIDRs that together cover the internet; docs/rules.md) (a port range that contains 22, or
#   all protocols, counts). Remote administration ports open to the internet are brute-forced and
#   exploited within minutes; reach them through a bastion, SSM Session Manager or a VPN instead.
# custom:
#   id: EC2.1
#   severity: high
#   resource_types: [aws.ec2.security_group]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7", "AC-17"]
#     nist-csf-2.0: ["PR.IR-01"]
#     cis-aws-foundations-6.0: ["6.3", "6.4"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["1.4.2"]
#   remediation: >-
#     Restrict the cidr_blocks / ipv6_cidr_blocks of the ingress rule (inline ingress block,
#     aws_security_group_rule or aws_vpc_security_group_ingress_rule) covering port 22 to known
#     administrative networks, or remove it and use AWS Systems Manager Session Manager.
package vigil.aws.ec2.ssh_open

import data.vigil.lib

deny contains result if {
	open := lib.world_open_group_ids
	some r in lib.resources("aws.ec2.security_group")
	r.id in open
	found := lib.world_ingress_to_port(r, 22)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("security group %q allows SSH (port 22) from %s", [lib.label(r), concat(", ", {c | some f in found; some c in f.cidr_blocks})]),
		"evidence": {"ingress": found},
	}
}

# A rule whose protocol, ports or CIDRs are unknown, and whose known values do not rule out this port from
# the internet, leaves the result unknown (an unknown description or source security group does not); a
# known open rule is reported as a failure instead.
unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.security_group")
	missing := lib.ingress_unknown_to_port(r, 22)
	count(missing) > 0
	count(lib.world_ingress_to_port(r, 22)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("ingress rules of security group %q that may allow port 22 from the internet are unknown%s", [lib.label(r), lib.possible_note(r, [22])]),
		"missing": missing,
	}
}

# Ingress values of the wrong type cannot be read: the group may be open.
unknown contains lib.wrong_type_result(r, paths) if {
	ids := lib.ingress_wrong_type_ids
	some r in lib.resources("aws.ec2.security_group")
	r.id in ids
	paths := lib.ingress_wrong_types(r)
	count(paths) > 0
}
