# METADATA
# title: Test results merged per resource
# description: Several results for one bucket, added in another order than the set's.
# custom:
#   id: ORDER.1
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
package test.order

deny contains {"resource": r.id, "message": p, "evidence": {"problem": p}} if {
	some r in object.get(input.by_type, "aws.s3.bucket", [])
	some p in r.attributes.problems
}

unknown contains {"resource": r.id, "message": concat(" ", ["unknown", p]), "missing": [p]} if {
	some r in object.get(input.by_type, "aws.s3.bucket", [])
	some p in r.attributes.unknowns
}
