# METADATA
# title: Sandbox (time_now)
# custom:
#   id: SB.3
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.sandbox.time_now

deny contains {"resource": t.id, "message": "late"} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	time.now_ns() > 0
}
