# METADATA
# title: Allocates a range of ten billion numbers
# custom:
#   id: R.1
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.ranges.huge

deny contains {"resource": t.id, "message": "m"} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	count(numbers.range(1, 10000000000)) == 0
}
