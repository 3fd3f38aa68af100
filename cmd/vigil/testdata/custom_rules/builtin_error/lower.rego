# METADATA
# title: Trails whose name reads "main" in any case
# custom:
#   id: BI.1
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.builtin_error

# The trail has no kms_key_id: lower(null) is a built-in error, which stops the rule (exit 2) rather
# than leaving the trail passing.
deny contains {"resource": t.id, "message": "not encrypted with the expected key"} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	not startswith(lower(object.get(t.attributes, "kms_key_id", null)), "arn:aws:kms:")
}
