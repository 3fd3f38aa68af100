# METADATA
# title: Redshift cluster is not publicly accessible
# description: >-
#   The cluster has no public IP address and cannot be reached from outside its VPC. A Terraform cluster
#   must say publicly_accessible = false: AWS provider versions before 6 default to a public cluster.
# custom:
#   id: RS.3
#   severity: critical
#   resource_types: [aws.redshift.cluster]
#   controls:
#     iso27001-2022: ["8.20", "8.22"]
#     nist-800-53-r5: ["SC-7", "AC-3"]
#     nist-csf-2.0: ["PR.IR-01"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["1.4.4"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Set publicly_accessible = false on the aws_redshift_cluster and reach it through the VPC (a VPN,
#     Direct Connect, or a Redshift-managed VPC endpoint).
package vigil.aws.redshift.public

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.redshift.cluster")
	not r.attributes.publicly_accessible == false
	not lib.is_unknown(r, "publicly_accessible")
	v := object.get(r.attributes, "publicly_accessible", null)
	result := lib.failure(r, sprintf(message_format(v), [lib.label(r)]), {"publicly_accessible": v})
}

message_format(null) := "Redshift cluster %q does not set publicly_accessible = false (AWS provider versions before 6 make it public)"

message_format(v) := "Redshift cluster %q is publicly accessible" if v != null

unknown contains result if {
	some r in lib.resources_with_unknown("aws.redshift.cluster")
	lib.is_unknown(r, "publicly_accessible")
	result := lib.unknown_result(r, sprintf("public accessibility of Redshift cluster %q is unknown", [lib.label(r)]), ["publicly_accessible"])
}
