# METADATA
# title: EKS cluster runs a Kubernetes version that EKS still supports
# description: >-
#   The cluster's Kubernetes minor version has not passed the end of EKS extended support. Past it, the
#   version receives no fixes and EKS upgrades the cluster on its own schedule; a configuration that still
#   names it no longer describes the cluster. vigil judges the version against the EKS release calendar
#   shipped as data (policies/lib/eks_versions.rego, with its source and date).
# custom:
#   id: EKS.7
#   severity: high
#   resource_types: [aws.eks.cluster]
#   controls:
#     iso27001-2022: ["8.8"]
#     nist-800-53-r5: ["SA-22"]
#     nist-csf-2.0: ["PR.PS-02"]
#   remediation: >-
#     Upgrade the cluster one minor version at a time (version on the aws_eks_cluster, then its node groups
#     and add-ons) to a supported version.
package vigil.aws.eks.version_supported

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.eks.cluster")
	v := r.attributes.version
	status := lib.eks_version_status(v)
	status == "unsupported"
	not lib.is_unknown(r, "version")
	result := {
		"resource": r.id,
		"message": sprintf("EKS cluster %q runs Kubernetes %s, which is %s: past the end of EKS extended support (EKS calendar as of %s)", [lib.label(r), v, status, lib.eks_version_list_date]),
		"evidence": object.union({"version": v, "status": status, "version_list_date": lib.eks_version_list_date}, object.get(lib.eks_versions, v, {})),
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.eks.cluster")
	lib.is_unknown(r, "version")
	result := {
		"resource": r.id,
		"message": sprintf("Kubernetes version of EKS cluster %q is unknown", [lib.label(r)]),
		"missing": ["version"],
	}
}

# A version vigil's list cannot place is not judged.
unknown contains result if {
	some r in lib.resources("aws.eks.cluster")
	not lib.is_unknown(r, "version")
	v := object.get(r.attributes, "version", null)
	not lib.eks_version_status(v)
	result := {
		"resource": r.id,
		"message": sprintf("Kubernetes version %v of EKS cluster %q is not in vigil's version list of %s", [v, lib.label(r), lib.eks_version_list_date]),
		"missing": ["version"],
	}
}
