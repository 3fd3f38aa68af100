# METADATA
# title: RDS DB instance is not publicly accessible
# description: >-
#   The DB instance has no public IP address and no public DNS resolution, so it cannot be reached from
#   the internet whatever its security groups say.
# custom:
#   id: RDS.5
#   severity: critical
#   resource_types: [aws.rds.instance]
#   controls:
#     iso27001-2022: ["8.20", "8.22"]
#     nist-800-53-r5: ["SC-7", "AC-3"]
#     nist-csf-2.0: ["PR.IR-01"]
#     cis-aws-foundations-6.0: ["3.2.3"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["1.4.4"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Set publicly_accessible = false on the aws_db_instance (or aws_rds_cluster_instance), place it in
#     private subnets, and reach it through the application tier, a bastion or a VPN.
package vigil.aws.rds.instance_public

import data.vigil.lib

# Absent publicly_accessible means the default: false.
deny contains result if {
	some r in lib.resources("aws.rds.instance")
	r.attributes.publicly_accessible == true
	not lib.is_unknown(r, "publicly_accessible")
	result := {
		"resource": r.id,
		"message": sprintf("DB instance %q is publicly accessible", [lib.label(r)]),
		"evidence": {"publicly_accessible": true},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.instance")
	lib.is_unknown(r, "publicly_accessible")
	result := {
		"resource": r.id,
		"message": sprintf("public accessibility of DB instance %q is unknown", [lib.label(r)]),
		"missing": ["publicly_accessible"],
	}
}
