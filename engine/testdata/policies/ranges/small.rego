# METADATA
# title: Ranges within the cap give what OPA gives
# custom:
#   id: R.2
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.ranges.small

# Each deny fires only if the range is right: five results, one per check.
checks := [
	numbers.range(1, 3) == [1, 2, 3],
	numbers.range(3, 1) == [3, 2, 1],
	numbers.range_step(0, 10, 4) == [0, 4, 8],
	numbers.range_step(10, 0, 4) == [10, 6, 2],
	count(numbers.range(0, 65535)) == 65536,
	numbers.range(100000000000000000000, 100000000000000000001) == [100000000000000000000, 100000000000000000001],
]

deny contains {"resource": t.id, "message": sprintf("check %d", [i])} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	some i, ok in checks
	ok == true
}
