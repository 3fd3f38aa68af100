# METADATA
# title: Test results that name resources outside the rule
# description: Results for resources the inventory does not hold, and malformed results.
# custom:
#   id: ORDER.2
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
package test.order_errors

deny contains {"resource": concat("", ["missing-", p]), "message": p} if {
	some r in object.get(input.by_type, "aws.s3.bucket", [])
	some p in r.attributes.problems
}

deny contains {"resource": 7, "message": p} if {
	some r in object.get(input.by_type, "aws.s3.bucket", [])
	some p in r.attributes.problems
}
