# METADATA
# title: EKS cluster sends every control plane log type to CloudWatch Logs
# description: >-
#   All five control plane log types are enabled: api, audit, authenticator, controllerManager and
#   scheduler. Together they show who called the API server, how IAM identities were mapped to Kubernetes
#   users, and what the controllers and the scheduler did, which an investigation needs.
# custom:
#   id: EKS.4
#   severity: low
#   resource_types: [aws.eks.cluster]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#   remediation: >-
#     Set enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"] on
#     the aws_eks_cluster.
package vigil.aws.eks.control_plane_logging

import data.vigil.lib

# Absent means none enabled.
deny contains result if {
	some r in lib.resources("aws.eks.cluster")
	types := lib.attribute(r, ["logging", "enabled_types"], [])
	is_array(types)
	missing := [t | some t in ["api", "audit", "authenticator", "controllerManager", "scheduler"]; not t in types]
	count(missing) > 0
	not lib.unknown_within(r, "logging.enabled_types")
	result := {
		"resource": r.id,
		"message": sprintf("EKS cluster %q does not send these control plane logs: %s", [lib.label(r), concat(", ", missing)]),
		"evidence": {"logging.enabled_types": types, "missing_types": missing},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.eks.cluster")
	lib.unknown_within(r, "logging.enabled_types")
	result := {
		"resource": r.id,
		"message": sprintf("control plane logging of EKS cluster %q is unknown", [lib.label(r)]),
		"missing": lib.unknown_paths_within(r, ["logging.enabled_types"]),
	}
}
