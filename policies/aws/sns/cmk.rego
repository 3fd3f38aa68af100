# METADATA
# title: SNS topic is encrypted with a customer managed KMS key
# description: >-
#   The topic is encrypted with a customer managed key rather than the AWS managed key alias/aws/sns, so
#   its key policy decides who may decrypt messages and publishers in other accounts or AWS services can
#   be granted use of the key.
# custom:
#   id: SNS.4
#   severity: low
#   resource_types: [aws.sns.topic]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Create an aws_kms_key with a key policy for the topic's publishers and subscribers and set
#     kms_master_key_id on the aws_sns_topic to it.
package vigil.aws.sns.cmk

import data.vigil.lib

# No key: the topic is not encrypted at all.
deny contains result if {
	some r in lib.resources("aws.sns.topic")
	not lib.is_set(object.get(r.attributes, "kms_master_key_id", null))
	not lib.is_unknown(r, "kms_master_key_id")
	result := lib.failure(r, sprintf("SNS topic %q is not encrypted with a customer managed KMS key", [lib.label(r)]), {"kms_master_key_id": object.get(r.attributes, "kms_master_key_id", null)})
}

# The AWS managed key, named by its alias: its policy is AWS's, so who may decrypt cannot be restricted.
deny contains result if {
	some r in lib.resources("aws.sns.topic")
	key := r.attributes.kms_master_key_id
	aws_managed(key)
	result := lib.failure(r, sprintf("SNS topic %q uses the AWS managed key %q, not a customer managed key", [lib.label(r), key]), {"kms_master_key_id": key})
}

aws_managed(key) if {
	is_string(key)
	lower(key) in {"alias/aws/sns"}
}

aws_managed(key) if {
	is_string(key)
	some alias in {"alias/aws/sns"}
	endswith(lower(key), concat("", [":", alias]))
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.sns.topic")
	lib.is_unknown(r, "kms_master_key_id")
	result := lib.unknown_result(r, sprintf("KMS key of SNS topic %q is unknown", [lib.label(r)]), ["kms_master_key_id"])
}
