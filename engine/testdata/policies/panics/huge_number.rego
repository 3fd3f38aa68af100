# METADATA
# title: Compares an attribute that may be +Inf
# custom:
#   id: P.1
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.panics.huge_number

deny contains {"resource": t.id, "message": "m"} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	t.attributes.n >= 1
}
