# METADATA
# title: DynamoDB table has point-in-time recovery enabled
# description: >-
#   Point-in-time recovery keeps continuous backups of the table for the last 35 days, so it can be
#   restored to any second in that window after an accidental write or delete.
# custom:
#   id: DDB.1
#   severity: medium
#   resource_types: [aws.dynamodb.table]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#   remediation: >-
#     Add point_in_time_recovery { enabled = true } to the aws_dynamodb_table.
package vigil.aws.dynamodb.point_in_time_recovery

import data.vigil.lib

path := "point_in_time_recovery.enabled"

# Absent point-in-time recovery means the default: disabled.
deny contains result if {
	some r in lib.resources("aws.dynamodb.table")
	not lib.is_unknown(r, path)
	v := lib.value(r, path, false)
	v != true
	result := lib.failure(
		r,
		sprintf("DynamoDB table %q has point-in-time recovery disabled", [lib.label(r)]),
		{path: v},
	)
}

unknown contains result if {
	some r in lib.resources("aws.dynamodb.table")
	lib.is_unknown(r, path)
	result := lib.unknown_result(
		r,
		sprintf("point-in-time recovery of DynamoDB table %q is unknown", [lib.label(r)]),
		[path],
	)
}
