# METADATA
# title: Test account trails
# description: Test rule whose reads names types that are no inventory type, or already its scope.
# custom:
#   id: B.3
#   severity: medium
#   resource_types: [aws.account]
#   reads: [aws.cloudtrail.trails, aws.account]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-2"]
#     nist-csf-2.0: ["PR.PS-04"]
#   remediation: Create a trail.
package test.trails

deny contains {"resource": a.id, "message": "no trail"} if {
	some a in object.get(input.by_type, "aws.account", [])
	count(object.get(input.by_type, "aws.cloudtrail.trail", [])) == 0
}
