# METADATA
# title: Malformed results (message_not_string)
# custom:
#   id: M.5
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.message_not_string

deny contains {"resource": t.id, "message": 42} if some t in input.by_type["aws.cloudtrail.trail"]
