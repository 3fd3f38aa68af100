# METADATA
# title: EFS file system has automatic backups enabled
# description: >-
#   The file system's backup policy is ENABLED, so AWS Backup takes daily backups of it with the default
#   plan (35-day retention) and the data can be restored after deletion or corruption.
# custom:
#   id: EFS.2
#   severity: medium
#   resource_types: [aws.efs.file_system]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     Add an aws_efs_backup_policy for the file system with backup_policy { status = "ENABLED" }, or
#     select it in an aws_backup_selection of a backup plan.
package vigil.aws.efs.backup_policy

import data.vigil.lib

# Absent backup policy means the default: DISABLED.
deny contains result if {
	some r in lib.resources("aws.efs.file_system")
	not r.attributes.backup_policy.status == "ENABLED"
	not lib.is_unknown(r, "backup_policy.status")
	status := lib.attribute(r, ["backup_policy", "status"], "DISABLED")
	result := {
		"resource": r.id,
		"message": sprintf("EFS file system %q has automatic backups %s", [lib.label(r), status]),
		"evidence": {"backup_policy.status": status},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.efs.file_system")
	lib.is_unknown(r, "backup_policy.status")
	result := {
		"resource": r.id,
		"message": sprintf("backup policy of EFS file system %q is unknown", [lib.label(r)]),
		"missing": ["backup_policy.status"],
	}
}
