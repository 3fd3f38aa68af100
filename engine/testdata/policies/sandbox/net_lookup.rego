# METADATA
# title: Sandbox (net_lookup)
# custom:
#   id: SB.2
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.sandbox.net_lookup

deny contains {"resource": t.id, "message": sprintf("%v", [net.lookup_ip_addr("example.com")])} if some t in input.by_type["aws.cloudtrail.trail"]
