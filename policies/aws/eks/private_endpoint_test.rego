package vigil.aws.eks.private_endpoint_test

import data.vigil.aws.eks.private_endpoint

res(attrs, unknown) := {"by_type": {"aws.eks.cluster": [{"id": "res.id", "type": "aws.eks.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_private_passes if {
	count(private_endpoint.deny) == 0 with input as res({"endpoint": {"public_access": false, "private_access": true}}, [])
}

test_public_fails if {
	denies := private_endpoint.deny with input as res({"endpoint": {"public_access": true, "private_access": true}}, [])
	count(denies) == 1
	some d in denies
	d.message == "EKS cluster \"res\" API endpoint is not private only"
	d.evidence == {"endpoint.public_access": true, "endpoint.private_access": true}
	count(private_endpoint.deny) == 1 with input as res({}, [])
}

test_unknown_is_unknown if {
	inp := res({"endpoint": {"public_access": null, "private_access": true}}, ["endpoint.public_access"])
	count(private_endpoint.deny) == 0 with input as inp
	count(private_endpoint.unknown) == 1 with input as inp
}

test_known_public_wins_over_unknown if {
	inp := res({"endpoint": {"public_access": true, "private_access": null}}, ["endpoint.private_access"])
	count(private_endpoint.deny) == 1 with input as inp
	count(private_endpoint.unknown) == 0 with input as inp
}

test_unknown_value_is_null_in_evidence if {
	inp := res({"endpoint": {"public_access": true, "private_access": null}}, ["endpoint.private_access"])
	some d in private_endpoint.deny with input as inp
	d.evidence == {"endpoint.public_access": true, "endpoint.private_access": null}
}
