# METADATA
# title: Security groups do not allow all traffic from the internet
# description: >-
#   No ingress rule admits every protocol (protocol -1), or every TCP or UDP port (0-65535), from
#   the internet (0.0.0.0/0, ::/0, a wider-than-private CIDR, or CIDRs that together cover the internet;
#   docs/rules.md). Such a rule exposes every service on the attached resources to the internet.
# custom:
#   id: EC2.3
#   severity: critical
#   resource_types: [aws.ec2.security_group]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7", "SC-7(5)"]
#     nist-csf-2.0: ["PR.IR-01"]
#     cis-aws-foundations-6.0: ["6.3", "6.4"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["1.3.1", "1.4.2"]
#   remediation: >-
#     Replace the rule with rules for the specific ports the service needs (for example 443/tcp), and
#     restrict their sources to the networks or security groups that need them.
package vigil.aws.ec2.all_ports_open

import data.vigil.lib

# all_traffic is a rule for every protocol, or for the whole TCP or UDP port range.
all_traffic(rule) if lib.all_protocols(rule)

all_traffic(rule) if {
	rule.protocol in {"tcp", "udp"}
	rule.from_port <= 0
	rule.to_port >= 65535
}

# findings are the all-traffic rules open to the internet, alone or together (lib.world_open_among).
findings(r) := lib.world_open_among([rule |
	some rule in r.attributes.ingress
	all_traffic(rule)
])

deny contains result if {
	open := lib.world_open_group_ids
	some r in lib.resources("aws.ec2.security_group")
	r.id in open
	found := findings(r)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("security group %q allows all traffic (%s) from %s", [
			lib.label(r),
			concat(", ", {describe(f) | some f in found}),
			concat(", ", {c | some f in found; some c in f.cidr_blocks}),
		]),
		"evidence": {"ingress": found},
	}
}

describe(f) := "all protocols" if f.protocol == "-1"

describe(f) := sprintf("%s 0-65535", [f.protocol]) if f.protocol != "-1"

# A rule whose protocol, ports or CIDRs are unknown, and whose known values do not rule out all traffic from
# the internet, leaves the result unknown; a known all-traffic rule is reported as a failure instead.
unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.security_group")
	missing := lib.ingress_unknown_all_traffic(r)
	count(missing) > 0
	count(findings(r)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("ingress rules of security group %q that may allow all traffic from the internet are unknown%s", [lib.label(r), lib.possible_note_all_traffic(r)]),
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
