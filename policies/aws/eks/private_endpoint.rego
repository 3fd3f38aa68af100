# METADATA
# title: EKS cluster API endpoint is private
# description: >-
#   The cluster's Kubernetes API is reachable only from its VPC (private endpoint on, public endpoint off),
#   so that it is not exposed to the internet at all, even to listed networks. EKS.1 checks the narrower
#   case of a public endpoint open to the whole internet.
# custom:
#   id: EKS.6
#   severity: low
#   resource_types: [aws.eks.cluster]
#   controls:
#     iso27001-2022: ["8.20"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     In the aws_eks_cluster's vpc_config, set endpoint_private_access = true and endpoint_public_access =
#     false; administer the cluster from the VPC (a bastion, VPN or AWS Systems Manager).
package vigil.aws.eks.private_endpoint

import data.vigil.lib

# Absent: public endpoint on, private endpoint off (the defaults).
deny contains result if {
	some r in lib.resources("aws.eks.cluster")
	_not_private(r)
	_known_not_private(r)
	result := {
		"resource": r.id,
		"message": sprintf("EKS cluster %q API endpoint is not private only", [lib.label(r)]),
		"evidence": {
			"endpoint.public_access": _evidence(r, "public_access", true),
			"endpoint.private_access": _evidence(r, "private_access", false),
		},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.eks.cluster")
	missing := lib.unknown_paths(r, ["endpoint.public_access", "endpoint.private_access"])
	count(missing) > 0
	not _known_not_private(r)
	result := {
		"resource": r.id,
		"message": sprintf("API endpoint access of EKS cluster %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}

_not_private(r) if not r.attributes.endpoint.public_access == false

_not_private(r) if not r.attributes.endpoint.private_access == true

# One known value that fails decides the result, whatever the other.
_known_not_private(r) if {
	not r.attributes.endpoint.public_access == false
	not lib.is_unknown(r, "endpoint.public_access")
}

_known_not_private(r) if {
	not r.attributes.endpoint.private_access == true
	not lib.is_unknown(r, "endpoint.private_access")
}

# _evidence is the endpoint setting key with its default, or null when it is unknown.
_evidence(r, key, default_value) := null if {
	lib.is_unknown(r, concat(".", ["endpoint", key]))
} else := lib.attribute(r, ["endpoint", key], default_value)
