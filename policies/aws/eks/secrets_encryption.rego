# METADATA
# title: EKS cluster encrypts Kubernetes secrets with a KMS key
# description: >-
#   Envelope encryption encrypts Kubernetes secrets in the cluster's etcd with a KMS key, so that a copy of
#   etcd, or access to its storage, does not reveal them, and use of the key is logged.
# custom:
#   id: EKS.2
#   severity: high
#   resource_types: [aws.eks.cluster]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)", "SC-12"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Add encryption_config { resources = ["secrets"], provider { key_arn = aws_kms_key.<key>.arn } } to the
#     aws_eks_cluster (it can be added to an existing cluster, not removed).
package vigil.aws.eks.secrets_encryption

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.eks.cluster")
	not lib.is_set(object.get(r.attributes, ["secrets_encryption", "kms_key_arn"], null))
	not lib.is_unknown(r, "secrets_encryption.kms_key_arn")
	result := {
		"resource": r.id,
		"message": sprintf("EKS cluster %q does not encrypt Kubernetes secrets with a KMS key", [lib.label(r)]),
		"evidence": {"secrets_encryption.kms_key_arn": null},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.eks.cluster")
	lib.is_unknown(r, "secrets_encryption.kms_key_arn")
	result := {
		"resource": r.id,
		"message": sprintf("secrets encryption of EKS cluster %q is unknown", [lib.label(r)]),
		"missing": ["secrets_encryption.kms_key_arn"],
	}
}
