# METADATA
# title: Malformed results (no_resource)
# custom:
#   id: M.3
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.no_resource

deny contains {"message": "which one?"} if some _ in input.by_type["aws.cloudtrail.trail"]
