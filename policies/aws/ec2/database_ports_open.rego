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
#   remediation: >-
#     Remove the internet CIDR from the rule and allow the database port only from the application's
#     security group (source_security_group_id / referenced_security_group_id) or private subnets.
package vigil.aws.ec2.database_ports_open

import data.vigil.lib

database_ports := [1433, 1521, 3306, 5432, 6379, 9200, 27017]

# exposed_ports lists, in database_ports order, the database ports that TCP traffic reaches from the
# internet through the group's known ingress rules (lib.world_ingress_to_port).
exposed_ports(r) := [p | some p in database_ports; count(lib.world_ingress_to_port(r, p)) > 0]

# Only the rules open to the internet are checked against each port.
deny contains result if {
	ids := lib.world_open_group_ids
	some r in lib.resources("aws.ec2.security_group")
	r.id in ids
	exposing := [[p, found] | some p in database_ports; found := lib.world_ingress_to_port(r, p); count(found) > 0]
	count(exposing) > 0
	ports := [e[0] | some e in exposing]
	rules := {f | some e in exposing; some f in e[1]}
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
	some r in lib.resources("aws.ec2.security_group")
	paths := lib.ingress_wrong_types(r)
	count(paths) > 0
}
