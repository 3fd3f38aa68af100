# METADATA
# title: Redshift cluster is encrypted with a customer managed KMS key
# description: >-
#   The cluster is encrypted with a customer managed KMS key, whose key policy decides who may use it and
#   which can be disabled to make the data unreadable.
# custom:
#   id: RS.2
#   severity: low
#   resource_types: [aws.redshift.cluster]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Set encrypted = true and kms_key_id to a customer managed aws_kms_key on the aws_redshift_cluster.
package vigil.aws.redshift.cmk

import data.vigil.lib

# No key: an AWS managed or owned key, if any, encrypts the cluster.
deny contains result if {
	some r in lib.resources("aws.redshift.cluster")
	not lib.is_set(object.get(r.attributes, "kms_key_id", null))
	not lib.is_unknown(r, "kms_key_id")
	result := lib.failure(r, sprintf("Redshift cluster %q is not encrypted with a customer managed KMS key", [lib.label(r)]), {"kms_key_id": object.get(r.attributes, "kms_key_id", null)})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.redshift.cluster")
	lib.is_unknown(r, "kms_key_id")
	result := lib.unknown_result(r, sprintf("KMS key of Redshift cluster %q is unknown", [lib.label(r)]), ["kms_key_id"])
}
