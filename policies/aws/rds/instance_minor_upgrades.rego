# METADATA
# title: RDS DB instances apply minor engine upgrades automatically
# description: >-
#   Auto minor version upgrade is on, so RDS applies the database engine's minor releases, which carry
#   security fixes, in the maintenance window rather than leaving known flaws in place until someone
#   upgrades by hand.
# custom:
#   id: RDS.9
#   severity: low
#   resource_types: [aws.rds.instance]
#   controls:
#     iso27001-2022: ["8.8"]
#     nist-800-53-r5: ["SI-2"]
#     nist-csf-2.0: ["PR.PS-02"]
#     cis-aws-foundations-6.0: ["3.2.2"]
#   remediation: >-
#     Set auto_minor_version_upgrade = true on the aws_db_instance (the provider's default), and keep a
#     maintenance_window that suits the workload.
package vigil.aws.rds.instance_minor_upgrades

import data.vigil.lib

# Absent or null: AWS's and the provider's default, on.
deny contains result if {
	some r in lib.resources("aws.rds.instance")
	r.attributes.auto_minor_version_upgrade == false
	not lib.is_unknown(r, "auto_minor_version_upgrade")
	result := {
		"resource": r.id,
		"message": sprintf("RDS DB instance %q does not apply minor engine upgrades automatically", [lib.label(r)]),
		"evidence": {"auto_minor_version_upgrade": false},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.rds.instance")
	lib.is_unknown(r, "auto_minor_version_upgrade")
	result := {
		"resource": r.id,
		"message": sprintf("auto minor version upgrade of RDS DB instance %q is unknown", [lib.label(r)]),
		"missing": ["auto_minor_version_upgrade"],
	}
}

unknown contains lib.wrong_type_result(r, ["auto_minor_version_upgrade"]) if {
	some r in lib.resources("aws.rds.instance")
	lib.wrong_type(r, ["auto_minor_version_upgrade"], "boolean")
	not lib.is_unknown(r, "auto_minor_version_upgrade")
}
