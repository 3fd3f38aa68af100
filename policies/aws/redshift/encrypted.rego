# METADATA
# title: Redshift cluster is encrypted at rest
# description: >-
#   The cluster's data blocks, system metadata and snapshots are encrypted. A Terraform cluster must say
#   encrypted = true: AWS provider versions before 6 default to an unencrypted cluster.
# custom:
#   id: RS.1
#   severity: high
#   resource_types: [aws.redshift.cluster]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set encrypted = true and kms_key_id on the aws_redshift_cluster (an existing cluster is encrypted in
#     place by modifying it).
package vigil.aws.redshift.encrypted

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.redshift.cluster")
	not r.attributes.encrypted == true
	not lib.is_unknown(r, "encrypted")
	v := object.get(r.attributes, "encrypted", null)
	result := lib.failure(r, sprintf(message_format(v), [lib.label(r)]), {"encrypted": v})
}

message_format(null) := "Redshift cluster %q does not set encrypted = true (AWS provider versions before 6 create it unencrypted)"

message_format(v) := "Redshift cluster %q is not encrypted at rest" if v != null

unknown contains result if {
	some r in lib.resources_with_unknown("aws.redshift.cluster")
	lib.is_unknown(r, "encrypted")
	result := lib.unknown_result(r, sprintf("encryption of Redshift cluster %q is unknown", [lib.label(r)]), ["encrypted"])
}
