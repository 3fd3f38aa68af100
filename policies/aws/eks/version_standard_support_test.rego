package vigil.aws.eks.version_standard_support_test

import data.vigil.aws.eks.version_standard_support

res(attrs, unknown) := {"by_type": {"aws.eks.cluster": [{"id": "res.id", "type": "aws.eks.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_standard_passes if {
	count(version_standard_support.deny) == 0 with input as res({"version": "1.35"}, [])
	count(version_standard_support.unknown) == 0 with input as res({"version": "1.35"}, [])
	count(version_standard_support.deny) == 0 with input as res({"version": "1.37"}, [])
}

test_extended_fails if {
	denies := version_standard_support.deny with input as res({"version": "1.33"}, [])
	count(denies) == 1
	some d in denies
	d.message == "EKS cluster \"res\" runs Kubernetes 1.33, which is in extended support, not standard support (EKS calendar as of 2026-12-07)"
	d.evidence.end_of_standard_support == "2026-07-29"
	d.evidence.status == "extended"
}

test_unsupported_fails if {
	count(version_standard_support.deny) == 1 with input as res({"version": "1.27"}, [])
}

test_unknown_is_unknown if {
	inp := res({"version": null}, ["version"])
	count(version_standard_support.deny) == 0 with input as inp
	count(version_standard_support.unknown) == 1 with input as inp
}

test_unplaceable_version_is_unknown if {
	unknowns := version_standard_support.unknown with input as res({"version": "2.1"}, [])
	count(unknowns) == 1
	some u in unknowns
	u.message == "Kubernetes version 2.1 of EKS cluster \"res\" is not in vigil's version list of 2026-12-07"
}
