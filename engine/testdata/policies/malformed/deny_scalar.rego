# METADATA
# title: Malformed results (deny_scalar)
# custom:
#   id: M.10
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.deny_scalar

# A deny that is not a collection used to give no result at all: the rule passed everything.
deny := "every trail fails" if count(input.by_type["aws.cloudtrail.trail"]) > 0
