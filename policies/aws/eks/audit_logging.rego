# METADATA
# title: EKS cluster sends its audit log to CloudWatch Logs
# description: >-
#   The Kubernetes audit log records every request to the cluster's API server (who did what to which
#   object); without the audit control plane log type enabled it is not kept.
# custom:
#   id: EKS.3
#   severity: medium
#   resource_types: [aws.eks.cluster]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-2", "AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Add "audit" (with "api" and "authenticator") to enabled_cluster_log_types on the aws_eks_cluster, and
#     an aws_cloudwatch_log_group /aws/eks/<name>/cluster with a retention period.
package vigil.aws.eks.audit_logging

import data.vigil.lib

# Absent means none enabled.
deny contains result if {
	some r in lib.resources("aws.eks.cluster")
	types := lib.attribute(r, ["logging", "enabled_types"], [])
	is_array(types)
	not "audit" in types
	not lib.unknown_within(r, "logging.enabled_types")
	result := {
		"resource": r.id,
		"message": sprintf("EKS cluster %q does not send its audit log to CloudWatch Logs", [lib.label(r)]),
		"evidence": {"logging.enabled_types": types},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.eks.cluster")
	lib.unknown_within(r, "logging.enabled_types")
	not "audit" in lib.attribute(r, ["logging", "enabled_types"], [])
	result := {
		"resource": r.id,
		"message": sprintf("control plane logging of EKS cluster %q is unknown", [lib.label(r)]),
		"missing": lib.unknown_paths_within(r, ["logging.enabled_types"]),
	}
}
