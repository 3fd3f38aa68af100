# METADATA
# title: EKS cluster runs a Kubernetes version in standard support
# description: >-
#   The cluster's Kubernetes minor version is still in EKS standard support (14 months after its release).
#   Past it, the version is in extended support, at extra cost per cluster hour and closer to a forced
#   upgrade, and then unsupported. vigil judges the version against the EKS release calendar shipped as data
#   (policies/lib/eks_versions.rego, with its source and date); a version newer than every listed one counts
#   as in standard support.
# custom:
#   id: EKS.5
#   severity: medium
#   resource_types: [aws.eks.cluster]
#   controls:
#     iso27001-2022: ["8.8"]
#     nist-800-53-r5: ["SA-22", "SI-2"]
#     nist-csf-2.0: ["PR.PS-02"]
#     soc2-tsc-2017: ["CC7.1"]
#   remediation: >-
#     Upgrade the cluster one minor version at a time (version on the aws_eks_cluster, then its node groups
#     and add-ons) to a version in standard support.
package vigil.aws.eks.version_standard_support

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.eks.cluster")
	v := r.attributes.version
	status := lib.eks_version_status(v)
	status != "standard"
	not lib.is_unknown(r, "version")
	result := {
		"resource": r.id,
		"message": sprintf("EKS cluster %q runs Kubernetes %s, which is in %s support, not standard support (EKS calendar as of %s)", [lib.label(r), v, status, lib.eks_version_list_date]),
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
