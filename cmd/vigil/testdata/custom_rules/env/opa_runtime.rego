# METADATA
# title: Sandbox (opa_runtime)
# custom:
#   id: SB.1
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.sandbox.opa_runtime

deny contains {"resource": t.id, "message": sprintf("%v", [opa.runtime().env])} if some t in input.by_type["aws.cloudtrail.trail"]
