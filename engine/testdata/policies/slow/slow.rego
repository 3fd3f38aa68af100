# METADATA
# title: A rule that loops for a very long time
# custom:
#   id: SLOW.1
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.slow

# 10^10 pairs, and no pair matches: without a time budget this runs for hours.
deny contains {"resource": t.id, "message": "never"} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i + j == -1
}
