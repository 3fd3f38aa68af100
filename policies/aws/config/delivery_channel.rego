# METADATA
# title: AWS Config recorder has a delivery channel
# description: >-
#   A configuration recorder without a delivery channel in its region cannot start, and records nothing:
#   AWS Config needs the channel (an S3 bucket, optionally an SNS topic) to deliver configuration history
#   and snapshots. Terraform: the aws_config_delivery_channel of the recorder's module (see
#   docs/inventory.md for how a channel is paired with its recorder).
# custom:
#   id: CFG.2
#   severity: medium
#   resource_types: [aws.config.recorder]
#   controls:
#     iso27001-2022: ["8.9"]
#     nist-800-53-r5: ["CM-8", "CM-8(2)"]
#     nist-csf-2.0: ["ID.AM-02"]
#     cis-aws-foundations-6.0: ["4.3"]
#     soc2-tsc-2017: ["CC7.1"]
#   remediation: >-
#     Add an aws_config_delivery_channel (s3_bucket_name, and sns_topic_arn for notifications) in the
#     recorder's region, and an aws_config_configuration_recorder_status with is_enabled = true that
#     depends on it.
package vigil.aws.config.delivery_channel

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.config.recorder")
	not lib.is_unknown(r, "delivery_channel")
	lib.attribute(r, ["delivery_channel"], null) == null
	result := lib.failure(r, sprintf("AWS Config recorder %q has no delivery channel", [lib.label(r)]), {"delivery_channel": null})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.config.recorder")
	lib.is_unknown(r, "delivery_channel")
	result := lib.unknown_result(r, sprintf("delivery channel of AWS Config recorder %q is unknown", [lib.label(r)]), ["delivery_channel"])
}
