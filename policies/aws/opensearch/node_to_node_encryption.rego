# METADATA
# title: OpenSearch domain encrypts traffic between its nodes
# description: >-
#   The nodes of the domain talk to each other over TLS, so data moving between them inside the VPC is
#   encrypted.
# custom:
#   id: OS.2
#   severity: medium
#   resource_types: [aws.opensearch.domain]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Set node_to_node_encryption { enabled = true } on the aws_opensearch_domain.
package vigil.aws.opensearch.node_to_node_encryption

import data.vigil.lib

# Absent node_to_node_encryption means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.opensearch.domain")
	not r.attributes.node_to_node_encryption == true
	not lib.is_unknown(r, "node_to_node_encryption")
	v := lib.attribute(r, ["node_to_node_encryption"], false)
	result := lib.failure(r, sprintf("OpenSearch domain %q does not encrypt traffic between its nodes", [lib.label(r)]), {"node_to_node_encryption": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.opensearch.domain")
	lib.is_unknown(r, "node_to_node_encryption")
	result := lib.unknown_result(r, sprintf("node-to-node encryption of OpenSearch domain %q is unknown", [lib.label(r)]), ["node_to_node_encryption"])
}
