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
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     Add point_in_time_recovery { enabled = true } to the aws_dynamodb_table.
package vigil.aws.dynamodb.point_in_time_recovery

import data.vigil.lib

# Absent point-in-time recovery means the default: disabled.
deny contains result if {
	some r in lib.resources("aws.dynamodb.table")
	not r.attributes.point_in_time_recovery.enabled == true
	not lib.is_unknown(r, "point_in_time_recovery.enabled")
	v := lib.attribute(r, ["point_in_time_recovery", "enabled"], false)
	result := {
		"resource": r.id,
		"message": sprintf("DynamoDB table %q has point-in-time recovery disabled", [lib.label(r)]),
		"evidence": {"point_in_time_recovery.enabled": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.dynamodb.table")
	lib.is_unknown(r, "point_in_time_recovery.enabled")
	result := {
		"resource": r.id,
		"message": sprintf("point-in-time recovery of DynamoDB table %q is unknown", [lib.label(r)]),
		"missing": ["point_in_time_recovery.enabled"],
	}
}
