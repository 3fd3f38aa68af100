# METADATA
# title: Malformed results (resource_not_string)
# custom:
#   id: M.4
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.resource_not_string

deny contains {"resource": 7, "message": "seven"} if some _ in input.by_type["aws.cloudtrail.trail"]
