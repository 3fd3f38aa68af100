# METADATA
# title: A rule id that would write its own line into a CI log
# description: Test rule.
# custom:
#   id: "B.1\n::error::pwned"
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
package test.bad_id

deny contains {"resource": r.id, "message": "m"} if {
	some r in object.get(input.by_type, "aws.s3.bucket", [])
}
