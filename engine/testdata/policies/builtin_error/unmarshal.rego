# METADATA
# title: Buckets whose policy text grants public read
# custom:
#   id: B.1
#   severity: high
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.3"]
package test.builtin_error

# json.unmarshal fails on text that is not JSON, or nested deeper than the decoder allows: OPA's
# default would make the deny undefined, and the bucket would pass.
deny contains {"resource": r.id, "message": "public policy"} if {
	some r in input.by_type["aws.s3.bucket"]
	doc := json.unmarshal(r.attributes.policy_text)
	doc.public == true
}
