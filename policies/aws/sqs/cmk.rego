# METADATA
# title: SQS queue is encrypted with a customer managed KMS key
# description: >-
#   The queue uses SSE-KMS with a customer managed key rather than SSE-SQS or the AWS managed key
#   alias/aws/sqs, so its key policy decides who may read messages and every use of the key is logged in
#   CloudTrail.
# custom:
#   id: SQS.4
#   severity: low
#   resource_types: [aws.sqs.queue]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Create an aws_kms_key for the queue's producers and consumers and set kms_master_key_id on the
#     aws_sqs_queue to it.
package vigil.aws.sqs.cmk

import data.vigil.lib

# No key: the queue uses SSE-SQS or no encryption.
deny contains result if {
	some r in lib.resources("aws.sqs.queue")
	not lib.is_set(object.get(r.attributes, "kms_master_key_id", null))
	not lib.is_unknown(r, "kms_master_key_id")
	result := lib.failure(r, sprintf("SQS queue %q is not encrypted with a customer managed KMS key", [lib.label(r)]), {"kms_master_key_id": object.get(r.attributes, "kms_master_key_id", null)})
}

# The AWS managed key, named by its alias: its policy is AWS's, so who may decrypt cannot be restricted.
deny contains result if {
	some r in lib.resources("aws.sqs.queue")
	key := r.attributes.kms_master_key_id
	aws_managed(key)
	result := lib.failure(r, sprintf("SQS queue %q uses the AWS managed key %q, not a customer managed key", [lib.label(r), key]), {"kms_master_key_id": key})
}

aws_managed(key) if {
	is_string(key)
	lower(key) in {"alias/aws/sqs"}
}

aws_managed(key) if {
	is_string(key)
	some alias in {"alias/aws/sqs"}
	endswith(lower(key), concat("", [":", alias]))
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.sqs.queue")
	lib.is_unknown(r, "kms_master_key_id")
	result := lib.unknown_result(r, sprintf("KMS key of SQS queue %q is unknown", [lib.label(r)]), ["kms_master_key_id"])
}
