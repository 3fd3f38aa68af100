# METADATA
# title: Test trail multi-region
# custom:
#   id: T.10
#   severity: high
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["DE.CM-01"]
#     cis-aws-foundations-6.0: ["4.1"]
package test.trail

deny contains {"resource": r.id, "message": "not multi-region"} if {
	some r in object.get(input.by_type, "aws.cloudtrail.trail", [])
	r.attributes.multi_region == false
}
