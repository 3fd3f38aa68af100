package vigil.aws.eks.control_plane_logging_test

import data.vigil.aws.eks.control_plane_logging

res(attrs, unknown) := {"by_type": {"aws.eks.cluster": [{"id": "res.id", "type": "aws.eks.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_all_types_pass if {
	count(control_plane_logging.deny) == 0 with input as res({"logging": {"enabled_types": ["api", "audit", "authenticator", "controllerManager", "scheduler"]}}, [])
}

test_some_types_fail if {
	denies := control_plane_logging.deny with input as res({"logging": {"enabled_types": ["api", "audit"]}}, [])
	count(denies) == 1
	some d in denies
	d.message == "EKS cluster \"res\" does not send these control plane logs: authenticator, controllerManager, scheduler"
	d.evidence.missing_types == ["authenticator", "controllerManager", "scheduler"]
}

test_unknown_is_unknown if {
	inp := res({"logging": {"enabled_types": null}}, ["logging.enabled_types"])
	count(control_plane_logging.deny) == 0 with input as inp
	count(control_plane_logging.unknown) == 1 with input as inp
}
