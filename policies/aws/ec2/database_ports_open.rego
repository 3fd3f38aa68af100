# METADATA
# title: Security groups do not expose database ports to the internet
# description: >-
#   No ingress rule admits TCP traffic from the internet (0.0.0.0/0, ::/0, a wider-than-private CIDR, or
#   CIDRs that together cover the internet; docs/rules.md) to a common database or data store port
#   (1433 SQL Server, 1521 Oracle, 3306 MySQL, 5432 PostgreSQL, 6379 Redis, 9200 Elasticsearch/OpenSearch,
#   27017 MongoDB). Data stores should be reachable only from the application tier.
# custom:
#   id: EC2.4
#   severity: high
#   resource_types: [aws.ec2.security_group]
#   controls:
#     iso27001-2022: ["8.20", "8.22"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["1.4.2", "1.4.4"]
#   remediation: >-
#     Remove the internet CIDR from the rule and allow the database port only from the application's
#     security group (source_security_group_id / referenced_security_group_id) or private subnets.
package vigil.aws.ec2.database_ports_open

import data.vigil.lib

database_ports := [1433, 1521, 3306, 5432, 6379, 9200, 27017]

# reached_ports lists the database ports a rule admits TCP traffic to (lib.reaches_tcp_port): all of
# them for protocol -1, those in from_port..to_port for tcp. The ports are written out: a reference to
# a rule costs a lookup per call.
reached_ports(rule) := [1433, 1521, 3306, 5432, 6379, 9200, 27017] if rule.protocol == "-1"

reached_ports(rule) := [p |
	some p in [1433, 1521, 3306, 5432, 6379, 9200, 27017]
	lib.number_at_least(p, rule.from_port)
	lib.number_at_least(rule.to_port, p)
] if rule.protocol == "tcp"

# exposed lists, in database_ports order, the database ports that the ingress rules open admit.
exposed(open) := [p | some p in database_ports; p in reached] if {
	reached := {p | some rule in open; some p in reached_ports(rule)}
}

# exposed_ports lists, in database_ports order, the database ports that TCP traffic reaches from the
# internet through the group's known ingress rules: through the rules open alone, or, in a group whose
# rules together cover the internet (lib.union_open_group_ids), through the rules to each port together.
exposed_ports(r) := exposed(lib.world_ingress(r)) if {
	not r.id in lib.union_open_group_ids
} else := [p | some p in database_ports; count(lib.world_ingress_to_port(r, p)) > 0]

# evidence lists the rules that open the exposed ports.
evidence(r, ports) := {lib.rule_evidence(rule) | some rule in lib.world_ingress(r); some p in ports; lib.reaches_tcp_port(rule, p)} if {
	not r.id in lib.union_open_group_ids
} else := {f | some p in ports; some f in lib.world_ingress_to_port(r, p)}

# Only the rules open to the internet are checked against each port.
deny contains result if {
	ids := lib.world_open_group_ids
	some r in lib.resources("aws.ec2.security_group")
	r.id in ids
	ports := exposed_ports(r)
	count(ports) > 0
	rules := evidence(r, ports)
	result := {
		"resource": r.id,
		"message": sprintf("security group %q exposes database ports %s to %s", [
			lib.label(r),
			concat(", ", [format_int(p, 10) | some p in ports]),
			concat(", ", {c | some f in rules; some c in f.cidr_blocks}),
		]),
		"evidence": {"ports": ports, "ingress": rules},
	}
}

# A rule whose protocol, ports or CIDRs are unknown, and whose known values do not rule out every database
# port from the internet, leaves the result unknown; a known exposed port is reported as a failure instead.
unknown_paths(r) := sort({u | some p in database_ports; some u in lib.ingress_unknown_to_port(r, p)})

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.security_group")
	missing := unknown_paths(r)
	count(missing) > 0
	count(exposed_ports(r)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("ingress rules of security group %q that may expose database ports to the internet are unknown%s", [lib.label(r), lib.possible_note(r, database_ports)]),
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
