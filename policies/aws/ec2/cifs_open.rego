# METADATA
# title: Security groups do not allow CIFS/SMB (port 445) from the internet
# description: >-
#   No ingress rule admits TCP port 445 (CIFS/SMB file sharing) from the internet (0.0.0.0/0, ::/0, a
#   wider-than-private CIDR, or CIDRs that together cover the internet; docs/rules.md) (a port range that
#   contains 445, or all protocols, counts). SMB exposed to the internet is how worms such as WannaCry spread
#   and how file shares leak; reach shares through a VPN or private connectivity instead.
# custom:
#   id: EC2.9
#   severity: high
#   resource_types: [aws.ec2.security_group]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#     cis-aws-foundations-6.0: ["6.1.2"]
#   remediation: >-
#     Restrict the cidr_blocks / ipv6_cidr_blocks of the ingress rule (inline ingress block,
#     aws_security_group_rule or aws_vpc_security_group_ingress_rule) covering port 445 to the networks
#     that use the share, or remove it and reach the share through a VPN or AWS PrivateLink.
package vigil.aws.ec2.cifs_open

import data.vigil.lib

deny contains result if {
	open := lib.world_open_group_ids
	some r in lib.resources("aws.ec2.security_group")
	r.id in open
	found := lib.world_ingress_to_port(r, 445)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("security group %q allows CIFS/SMB (port 445) from %s", [lib.label(r), concat(", ", {c | some f in found; some c in f.cidr_blocks})]),
		"evidence": {"ingress": found},
	}
}

# A rule whose protocol, ports or CIDRs are unknown, and whose known values do not rule out this port from
# the internet, leaves the result unknown (an unknown description or source security group does not); a
# known open rule is reported as a failure instead.
unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.security_group")
	missing := lib.ingress_unknown_to_port(r, 445)
	count(missing) > 0
	count(lib.world_ingress_to_port(r, 445)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("ingress rules of security group %q that may allow port 445 from the internet are unknown%s", [lib.label(r), lib.possible_note(r, [445])]),
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
