# METADATA
# title: Malformed results (not_object)
# custom:
#   id: M.8
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.not_object

deny contains t.id if some t in input.by_type["aws.cloudtrail.trail"]
