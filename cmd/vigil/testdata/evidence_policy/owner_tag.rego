# METADATA
# title: Buckets carry an owner tag
# description: A custom rule for TestEvidenceInputsAndRuleSet, so the pack's rule-set digest covers custom policies.
# custom:
#   id: CUSTOM.1
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["5.9"]
package custom.owner_tag

deny contains {"resource": b.id, "message": "the bucket has no owner tag"} if {
	some b in input.by_type["aws.s3.bucket"]
	not b.tags.owner
}
