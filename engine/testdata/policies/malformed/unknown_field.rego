# METADATA
# title: Malformed results (unknown_field)
# custom:
#   id: M.9
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.unknown_field

deny contains {"resource": t.id, "mesage": "typo"} if some t in input.by_type["aws.cloudtrail.trail"]
