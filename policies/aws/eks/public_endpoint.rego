# METADATA
# title: EKS cluster API endpoint is not open to the internet
# description: >-
#   The cluster's public Kubernetes API endpoint, when enabled, admits only listed networks. With public
#   access on and 0.0.0.0/0 in its CIDRs (the default), anyone on the internet can reach the API server and
#   try credentials or exploits against it. CIDRs that together cover the internet count as open
#   (docs/rules.md, "Open to the internet").
# custom:
#   id: EKS.1
#   severity: high
#   resource_types: [aws.eks.cluster]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7", "AC-17"]
#     nist-csf-2.0: ["PR.IR-01"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["1.4.2"]
#   remediation: >-
#     In the aws_eks_cluster's vpc_config, set endpoint_private_access = true and endpoint_public_access =
#     false, or list the administrators' networks in public_access_cidrs.
package vigil.aws.eks.public_endpoint

import data.vigil.lib

# Absent: public access on, from 0.0.0.0/0 (the defaults).
deny contains result if {
	some r in lib.resources("aws.eks.cluster")
	not r.attributes.endpoint.public_access == false
	cidrs := lib.attribute(r, ["endpoint", "public_access_cidrs"], ["0.0.0.0/0"])
	is_array(cidrs)
	lib.covers_internet([c | some c in cidrs; is_string(c); net.cidr_is_valid(c)])
	not lib.is_unknown(r, "endpoint.public_access")
	not lib.unknown_within(r, "endpoint.public_access_cidrs")
	result := {
		"resource": r.id,
		"message": sprintf("EKS cluster %q has a public API endpoint open to the internet", [lib.label(r)]),
		"evidence": {"endpoint.public_access": true, "endpoint.public_access_cidrs": cidrs},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.eks.cluster")
	missing := lib.unknown_paths_within(r, ["endpoint.public_access", "endpoint.public_access_cidrs"])
	count(missing) > 0
	not r.attributes.endpoint.public_access == false
	result := {
		"resource": r.id,
		"message": sprintf("exposure of the API endpoint of EKS cluster %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
