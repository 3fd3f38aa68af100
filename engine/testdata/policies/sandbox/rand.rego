# METADATA
# title: Sandbox (rand)
# custom:
#   id: SB.4
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.sandbox.rand

deny contains {"resource": t.id, "message": "lottery"} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	rand.intn("x", 2) == 0
}
