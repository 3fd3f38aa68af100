package vigil.aws.eks.version_supported_test

import data.vigil.aws.eks.version_supported

res(attrs, unknown) := {"by_type": {"aws.eks.cluster": [{"id": "res.id", "type": "aws.eks.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_supported_passes if {
	count(version_supported.deny) == 0 with input as res({"version": "1.35"}, [])
	count(version_supported.deny) == 0 with input as res({"version": "1.33"}, [])
}

test_unsupported_fails if {
	denies := version_supported.deny with input as res({"version": "1.29"}, [])
	count(denies) == 1
	some d in denies
	d.message == "EKS cluster \"res\" runs Kubernetes 1.29, which is unsupported: past the end of EKS extended support (EKS calendar as of 2026-12-07)"
	d.evidence.end_of_extended_support == "2026-03-23"
}

test_unknown_is_unknown if {
	inp := res({"version": null}, ["version"])
	count(version_supported.deny) == 0 with input as inp
	count(version_supported.unknown) == 1 with input as inp
}
