# METADATA
# title: Redshift cluster uses enhanced VPC routing
# description: >-
#   COPY and UNLOAD traffic between the cluster and S3 goes through the cluster's VPC, where security
#   groups, VPC endpoint policies and flow logs apply, instead of over the internet.
# custom:
#   id: RS.6
#   severity: low
#   resource_types: [aws.redshift.cluster]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     Set enhanced_vpc_routing = true on the aws_redshift_cluster, and give the VPC an S3 gateway
#     endpoint (aws_vpc_endpoint).
package vigil.aws.redshift.enhanced_vpc_routing

import data.vigil.lib

# Absent enhanced_vpc_routing means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.redshift.cluster")
	not r.attributes.enhanced_vpc_routing == true
	not lib.is_unknown(r, "enhanced_vpc_routing")
	v := lib.attribute(r, ["enhanced_vpc_routing"], false)
	result := lib.failure(r, sprintf("Redshift cluster %q does not use enhanced VPC routing", [lib.label(r)]), {"enhanced_vpc_routing": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.redshift.cluster")
	lib.is_unknown(r, "enhanced_vpc_routing")
	result := lib.unknown_result(r, sprintf("enhanced VPC routing of Redshift cluster %q is unknown", [lib.label(r)]), ["enhanced_vpc_routing"])
}
