# METADATA
# title: Malformed results (outside_types)
# custom:
#   id: M.1
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.outside_types

# A result on a trail from a rule about buckets (the inventory has no bucket).
deny contains {"resource": t.id, "message": "trail"} if some t in input.by_type["aws.cloudtrail.trail"]
