# METADATA
# title: RDS DB cluster is deployed in multiple Availability Zones
# description: >-
#   A Multi-AZ DB cluster (or an Aurora cluster with a replica in another Availability Zone) fails over
#   when its writer or its zone fails, instead of waiting for a restore.
# custom:
#   id: RDS.10
#   severity: medium
#   resource_types: [aws.rds.cluster]
#   controls:
#     iso27001-2022: ["8.14"]
#     nist-800-53-r5: ["SC-36", "SI-13(5)"]
#     nist-csf-2.0: ["PR.IR-03"]
#     cis-aws-foundations-6.0: ["3.2.4"]
#   remediation: >-
#     For Aurora, add a second aws_rds_cluster_instance (a reader in another Availability Zone); for a
#     Multi-AZ DB cluster, set db_cluster_instance_class, storage_type and allocated_storage on the aws_rds_cluster.
package vigil.aws.rds.cluster_multi_az

import data.vigil.lib

# An absent or null multi_az takes its documented default (false, docs/inventory.md).
deny contains result if {
	some r in lib.resources("aws.rds.cluster")
	not r.attributes.multi_az == true
	not lib.is_unknown(r, "multi_az")
	v := lib.attribute(r, ["multi_az"], false)
	v != true
	result := {
		"resource": r.id,
		"message": sprintf("RDS DB cluster %q is not deployed in multiple Availability Zones", [lib.label(r)]),
		"evidence": {"multi_az": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.cluster")
	lib.is_unknown(r, "multi_az")
	result := {
		"resource": r.id,
		"message": sprintf("Multi-AZ deployment of RDS DB cluster %q is unknown", [lib.label(r)]),
		"missing": ["multi_az"],
	}
}
