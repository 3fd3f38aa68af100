# METADATA
# title: EFS file system is encrypted at rest
# description: >-
#   The file system's data and metadata are encrypted at rest. Encryption can only be chosen when the
#   file system is created.
# custom:
#   id: EFS.1
#   severity: high
#   resource_types: [aws.efs.file_system]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     cis-aws-foundations-6.0: ["3.3.1"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set encrypted = true and kms_key_id on the aws_efs_file_system; an existing file system must be
#     recreated and its data copied (for example with AWS DataSync).
package vigil.aws.efs.encrypted

import data.vigil.lib

# Absent encrypted means the default: false.
deny contains result if {
	some r in lib.resources("aws.efs.file_system")
	not r.attributes.encrypted == true
	not lib.is_unknown(r, "encrypted")
	v := lib.attribute(r, ["encrypted"], false)
	result := {
		"resource": r.id,
		"message": sprintf("EFS file system %q is not encrypted at rest", [lib.label(r)]),
		"evidence": {"encrypted": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.efs.file_system")
	lib.is_unknown(r, "encrypted")
	result := {
		"resource": r.id,
		"message": sprintf("encryption of EFS file system %q is unknown", [lib.label(r)]),
		"missing": ["encrypted"],
	}
}
