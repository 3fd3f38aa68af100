# METADATA
# title: Lists every address of the internet
# custom:
#   id: X.5
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.cidr_expand

deny contains {"resource": t.id, "message": "m"} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	count(net.cidr_expand("0.0.0.0/0")) > 0
}
