# METADATA
# title: ECR repository is encrypted with a KMS key
# description: >-
#   The repository's images are encrypted with a KMS key (the AWS managed aws/ecr key or a customer managed
#   key) rather than the default Amazon S3 managed keys (AES256), so use of the key is logged in CloudTrail
#   and governed by a key policy. Encryption can only be chosen when the repository is created.
# custom:
#   id: ECR.4
#   severity: low
#   resource_types: [aws.ecr.repository]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Add encryption_configuration { encryption_type = "KMS", kms_key = aws_kms_key.<key>.arn } to the
#     aws_ecr_repository; an existing repository must be recreated and its images pushed again.
package vigil.aws.ecr.kms_encryption

import data.vigil.lib

# Absent means the default: AES256.
deny contains result if {
	some r in lib.resources("aws.ecr.repository")
	not object.get(r.attributes, ["encryption", "type"], "AES256") in {"KMS", "KMS_DSSE"}
	not lib.is_unknown(r, "encryption.type")
	v := lib.attribute(r, ["encryption", "type"], "AES256")
	result := {
		"resource": r.id,
		"message": sprintf("ECR repository %q is encrypted with %v, not a KMS key", [lib.label(r), v]),
		"evidence": {"encryption.type": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecr.repository")
	lib.is_unknown(r, "encryption.type")
	result := {
		"resource": r.id,
		"message": sprintf("encryption of ECR repository %q is unknown", [lib.label(r)]),
		"missing": ["encryption.type"],
	}
}
