# METADATA
# title: Grouped rule whose built-in fails
# custom:
#   id: G.2
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
package acme.checks.s3.unmarshal

deny contains {"resource": r.id, "message": "policy grants everything"} if {
	some r in object.get(input.by_type, "aws.s3.bucket", [])
	doc := json.unmarshal(r.attributes.policy_text)
	doc.Statement[_].Action == "*"
}
