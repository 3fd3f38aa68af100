# METADATA
# title: SQS queue is encrypted at rest
# description: >-
#   The queue encrypts its messages at rest, with SSE-SQS (keys owned by SQS) or SSE-KMS. SQS encrypts new
#   queues with SSE-SQS unless told not to (sqs_managed_sse_enabled = false without a KMS key).
# custom:
#   id: SQS.1
#   severity: medium
#   resource_types: [aws.sqs.queue]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Remove sqs_managed_sse_enabled = false from the aws_sqs_queue, or set kms_master_key_id to a KMS key.
package vigil.aws.sqs.encryption

import data.vigil.lib

needed := ["kms_master_key_id", "sqs_managed_sse_enabled"]

# Neither SSE-KMS nor SSE-SQS. Absent sqs_managed_sse_enabled means the default: true.
deny contains result if {
	some r in lib.resources("aws.sqs.queue")
	r.attributes.sqs_managed_sse_enabled == false
	not lib.is_set(object.get(r.attributes, "kms_master_key_id", null))
	count(lib.unknown_paths(r, needed)) == 0
	result := lib.failure(r, sprintf("SQS queue %q is not encrypted at rest (neither SSE-SQS nor SSE-KMS)", [lib.label(r)]), {
		"sqs_managed_sse_enabled": false,
		"kms_master_key_id": object.get(r.attributes, "kms_master_key_id", null),
	})
}

encrypted(r) if lib.is_set(object.get(r.attributes, "kms_master_key_id", null))

encrypted(r) if {
	not lib.is_unknown(r, "sqs_managed_sse_enabled")
	lib.attribute(r, ["sqs_managed_sse_enabled"], true) == true
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.sqs.queue")
	not encrypted(r)
	missing := lib.unknown_paths(r, needed)
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("encryption of SQS queue %q is unknown", [lib.label(r)]), missing)
}
