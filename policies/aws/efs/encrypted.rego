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
#   remediation: >-
#     Set encrypted = true and kms_key_id on the aws_efs_file_system; an existing file system must be
#     recreated and its data copied (for example with AWS DataSync).
package vigil.aws.efs.encrypted

import data.vigil.lib

path := "encrypted"

# Absent encrypted means the default: false.
deny contains result if {
	some r in lib.resources("aws.efs.file_system")
	not lib.is_unknown(r, path)
	v := lib.value(r, path, false)
	v != true
	result := lib.failure(
		r,
		sprintf("EFS file system %q is not encrypted at rest", [lib.label(r)]),
		{path: v},
	)
}

unknown contains result if {
	some r in lib.resources("aws.efs.file_system")
	lib.is_unknown(r, path)
	result := lib.unknown_result(
		r,
		sprintf("encryption of EFS file system %q is unknown", [lib.label(r)]),
		[path],
	)
}
