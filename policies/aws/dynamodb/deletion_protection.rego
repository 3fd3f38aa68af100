# METADATA
# title: DynamoDB table has deletion protection
# description: >-
#   Deletion protection makes DeleteTable fail until it is turned off, so a mistaken terraform destroy or
#   API call cannot drop the table and its data.
# custom:
#   id: DDB.3
#   severity: medium
#   resource_types: [aws.dynamodb.table]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#   remediation: >-
#     Set deletion_protection_enabled = true on the aws_dynamodb_table.
package vigil.aws.dynamodb.deletion_protection

import data.vigil.lib

# An absent or null deletion_protection takes its documented default (false, docs/inventory.md).
deny contains result if {
	some r in lib.resources("aws.dynamodb.table")
	not r.attributes.deletion_protection == true
	not lib.is_unknown(r, "deletion_protection")
	v := lib.attribute(r, ["deletion_protection"], false)
	v != true
	result := {
		"resource": r.id,
		"message": sprintf("DynamoDB table %q does not have deletion protection", [lib.label(r)]),
		"evidence": {"deletion_protection": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.dynamodb.table")
	lib.is_unknown(r, "deletion_protection")
	result := {
		"resource": r.id,
		"message": sprintf("deletion protection of DynamoDB table %q is unknown", [lib.label(r)]),
		"missing": ["deletion_protection"],
	}
}
