# METADATA
# title: Malformed results (unknown_id)
# custom:
#   id: M.2
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.unknown_id

deny contains {"resource": "aws_cloudtrail.nope", "message": "no such trail"} if some _ in input.by_type["aws.cloudtrail.trail"]
