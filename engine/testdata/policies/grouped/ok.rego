# METADATA
# title: Grouped rule that works
# custom:
#   id: G.1
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
package acme.checks.s3.ok

deny contains {"resource": r.id, "message": "no versioning"} if {
	some r in object.get(input.by_type, "aws.s3.bucket", [])
	not r.attributes.versioning.enabled == true
}
