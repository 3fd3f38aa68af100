# METADATA
# title: Broken
# custom:
#   id: X.1
#   severity: catastrophic
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
package custom.broken

deny contains {"resource": r.id, "message": "x"} if {
	some r in input.by_type["aws.s3.bucket"]
}
