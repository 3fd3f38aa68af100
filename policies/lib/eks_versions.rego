package vigil.lib

# Amazon EKS Kubernetes versions, as data (EKS.5, EKS.7).
#
# Source: Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS" (release calendar),
# https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
# List as of: 2026-12-07. A version is in standard support for 14 months after its EKS release, then in
# extended support (at extra cost) for 12 more; after that EKS upgrades the cluster itself.
eks_version_list_date := "2026-12-07"

# eks_versions maps each minor version to its support status on the list date ("standard", "extended"
# or "unsupported") and the dates that decide it.
eks_versions := {
	"1.23": {"status": "unsupported", "end_of_standard_support": "2023-10-11", "end_of_extended_support": "2024-10-11"},
	"1.24": {"status": "unsupported", "end_of_standard_support": "2024-01-31", "end_of_extended_support": "2025-01-31"},
	"1.25": {"status": "unsupported", "end_of_standard_support": "2024-05-01", "end_of_extended_support": "2025-05-01"},
	"1.26": {"status": "unsupported", "end_of_standard_support": "2024-06-11", "end_of_extended_support": "2025-06-11"},
	"1.27": {"status": "unsupported", "end_of_standard_support": "2024-07-24", "end_of_extended_support": "2025-07-24"},
	"1.28": {"status": "unsupported", "end_of_standard_support": "2024-11-26", "end_of_extended_support": "2025-11-26"},
	"1.29": {"status": "unsupported", "end_of_standard_support": "2025-03-23", "end_of_extended_support": "2026-03-23"},
	"1.30": {"status": "unsupported", "end_of_standard_support": "2025-07-23", "end_of_extended_support": "2026-07-23"},
	"1.31": {"status": "unsupported", "end_of_standard_support": "2025-11-26", "end_of_extended_support": "2026-11-26"},
	"1.32": {"status": "extended", "end_of_standard_support": "2026-03-23", "end_of_extended_support": "2027-03-23"},
	"1.33": {"status": "extended", "end_of_standard_support": "2026-07-29", "end_of_extended_support": "2027-07-29"},
	"1.34": {"status": "extended", "end_of_standard_support": "2026-12-02", "end_of_extended_support": "2027-12-02"},
	"1.35": {"status": "standard", "end_of_standard_support": "2027-03-27", "end_of_extended_support": "2028-03-27"},
}

# eks_newest_listed_minor is the highest minor version of the list: a version above it was released
# after the list was written, so it is in standard support.
eks_newest_listed_minor := 35

# eks_version_status is the support status of a version string ("1.33"): "standard", "extended" or
# "unsupported" from the list, "standard" for a 1.x newer than every listed version, "unsupported" for a
# 1.x older than every listed one; undefined for anything else (not a version vigil can place).
eks_version_status(v) := eks_versions[v].status

eks_version_status(v) := "standard" if {
	not eks_versions[v]
	_eks_minor(v) > eks_newest_listed_minor
}

eks_version_status(v) := "unsupported" if {
	not eks_versions[v]
	_eks_minor(v) < 23
}

_eks_minor(v) := to_number(m[1]) if {
	is_string(v)
	m := regex.find_all_string_submatch_n(`^1\.([0-9]{1,3})$`, v, 1)[0]
}
