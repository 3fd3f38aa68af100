# METADATA
# title: Malformed results (missing_not_list)
# custom:
#   id: M.7
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.missing_not_list

unknown contains {"resource": t.id, "message": "m", "missing": "multi_region"} if some t in input.by_type["aws.cloudtrail.trail"]
