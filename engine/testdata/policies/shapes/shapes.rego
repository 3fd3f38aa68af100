# METADATA
# title: Result collections other than a partial set
# custom:
#   id: SH.1
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.shapes

# A list, and an object keyed by resource id, are read as their elements.
deny := [{"resource": t.id, "message": "listed"} |
	some t in input.by_type["aws.cloudtrail.trail"]
	t.name == "a"
]

unknown[t.id] := {"resource": t.id, "message": "keyed", "missing": ["multi_region"]} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	t.name == "b"
}
