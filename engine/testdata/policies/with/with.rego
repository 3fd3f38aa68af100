# METADATA
# title: A trail is multi-region, judged through a helper that reads a value given with the input
# custom:
#   id: WITH.1
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.with

single_region(t) if not t.attributes.is_multi_region_trail == input.multi

# The with statement cannot be planned: this rule is evaluated by OPA's own evaluator.
deny contains {"resource": t.id, "message": "single region"} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	single_region(t) with input.multi as true
}
