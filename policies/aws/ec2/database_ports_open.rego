# METADATA
# title: Security groups do not expose database ports to the internet
# description: >-
#   No ingress rule admits TCP traffic from 0.0.0.0/0 or ::/0 to a common database or data store port
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

exposed_ports(r) := [p | some p in database_ports; count(lib.world_ingress_to_port(r, p)) > 0]

deny contains result if {
	some r in lib.resources("aws.ec2.security_group")
	ports := exposed_ports(r)
	count(ports) > 0
	rules := {f | some p in ports; some f in lib.world_ingress_to_port(r, p)}
	result := lib.failure(
		r,
		sprintf("security group %q exposes database ports %s to %s", [
			lib.label(r),
			concat(", ", [format_int(p, 10) | some p in ports]),
			concat(", ", {c | some f in rules; some c in f.cidr_blocks}),
		]),
		{"ports": ports, "ingress": rules},
	)
}

# A rule whose protocol, ports or CIDRs are unknown, and whose known values do not rule out every database
# port from the internet, leaves the result unknown; a known exposed port is reported as a failure instead.
unknown_paths(r) := sort({u | some p in database_ports; some u in lib.ingress_unknown_to_port(r, p)})

unknown contains result if {
	some r in lib.resources("aws.ec2.security_group")
	missing := unknown_paths(r)
	count(missing) > 0
	count(exposed_ports(r)) == 0
	result := lib.unknown_result(
		r,
		sprintf("ingress rules of security group %q that may expose database ports to the internet are unknown", [lib.label(r)]),
		missing,
	)
}
