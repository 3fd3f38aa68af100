# METADATA
# title: Malformed results (evidence_not_object)
# custom:
#   id: M.6
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.malformed.evidence_not_object

deny contains {"resource": t.id, "message": "m", "evidence": "multi_region"} if some t in input.by_type["aws.cloudtrail.trail"]
