# METADATA
# title: CloudTrail logs are encrypted with a KMS key
# description: >-
#   The trail encrypts its log files with a KMS key (SSE-KMS) instead of only the bucket's S3-managed
#   encryption, so reading the audit log also requires kms:Decrypt under the key policy: a separate
#   permission that log readers can be granted and everyone else denied.
# custom:
#   id: CT.3
#   severity: medium
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15", "8.24"]
#     nist-800-53-r5: ["AU-9", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     cis-aws-foundations-6.0: ["4.5"]
#     soc2-tsc-2017: ["CC6.1"]
#     pci-dss-4.0.1: ["10.3.1"]
#   remediation: >-
#     Set kms_key_id on the aws_cloudtrail to a customer managed aws_kms_key whose key policy lets
#     cloudtrail.amazonaws.com encrypt and only log readers decrypt.
package vigil.aws.cloudtrail.kms_encryption

import data.vigil.lib

# Absent or null kms_key_id means logs are not encrypted with KMS.
deny contains result if {
	some r in lib.resources("aws.cloudtrail.trail")
	key := object.get(r, ["attributes", "kms_key_id"], null)
	not lib.is_set(key)
	not lib.is_unknown(r, "kms_key_id")
	result := {
		"resource": r.id,
		"message": sprintf("CloudTrail trail %q does not encrypt its logs with a KMS key", [lib.label(r)]),
		"evidence": {"kms_key_id": key},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.cloudtrail.trail")
	lib.is_unknown(r, "kms_key_id")
	result := {
		"resource": r.id,
		"message": sprintf("log encryption key of CloudTrail trail %q is unknown", [lib.label(r)]),
		"missing": ["kms_key_id"],
	}
}
