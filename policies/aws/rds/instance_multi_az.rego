# METADATA
# title: RDS DB instance is deployed in multiple Availability Zones
# description: >-
#   A Multi-AZ deployment keeps a synchronous standby in another Availability Zone and fails over to it
#   automatically, so the loss of one zone or host does not take the database down. Aurora cluster
#   members are not checked: Aurora's availability comes from the cluster's instances and storage.
# custom:
#   id: RDS.3
#   severity: medium
#   resource_types: [aws.rds.instance]
#   controls:
#     iso27001-2022: ["8.14"]
#     nist-800-53-r5: ["SC-36", "SI-13(5)"]
#     nist-csf-2.0: ["PR.IR-03"]
#     cis-aws-foundations-6.0: ["3.2.4"]
#     soc2-tsc-2017: ["A1.2"]
#   remediation: Set multi_az = true on the aws_db_instance.
package vigil.aws.rds.instance_multi_az

import data.vigil.lib

# Absent multi_az means the default: a single-AZ instance.
deny contains result if {
	some r in lib.resources("aws.rds.instance")
	not r.attributes.multi_az == true
	not lib.rds_cluster_member(r)
	not lib.is_unknown(r, "multi_az")
	not lib.is_unknown(r, "cluster_identifier")
	multi_az := lib.attribute(r, ["multi_az"], false)
	result := {
		"resource": r.id,
		"message": sprintf("DB instance %q runs in a single Availability Zone (multi_az %v)", [lib.label(r), multi_az]),
		"evidence": {"multi_az": multi_az},
	}
}

passes(r) if {
	not lib.is_unknown(r, "multi_az")
	lib.attribute(r, ["multi_az"], false) == true
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.instance")
	not lib.rds_cluster_member(r)
	not passes(r)
	missing := lib.unknown_paths(r, ["multi_az", "cluster_identifier"])
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("Multi-AZ setting of DB instance %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}

# Aurora cluster members are not applicable: the setting is judged on the cluster.
not_applicable contains result if {
	some r in lib.resources("aws.rds.instance")
	lib.rds_cluster_member(r)
	result := {"resource": r.id, "message": lib.rds_delegated_reason(r, "Multi-AZ availability")}
}
