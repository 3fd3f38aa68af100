package vigil.aws.eks.public_endpoint_test

import data.vigil.aws.eks.public_endpoint

res(attrs, unknown) := {"by_type": {"aws.eks.cluster": [{"id": "res.id", "type": "aws.eks.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_private_passes if {
	count(public_endpoint.deny) == 0 with input as res({"endpoint": {"public_access": false, "public_access_cidrs": ["0.0.0.0/0"]}}, [])
}

test_restricted_cidrs_pass if {
	count(public_endpoint.deny) == 0 with input as res({"endpoint": {"public_access": true, "public_access_cidrs": ["203.0.113.0/24"]}}, [])
}

test_open_fails if {
	denies := public_endpoint.deny with input as res({"endpoint": {"public_access": true, "public_access_cidrs": ["0.0.0.0/0"]}}, [])
	count(denies) == 1
	some d in denies
	d.message == "EKS cluster \"res\" has a public API endpoint open to the internet"
	d.evidence == {"endpoint.public_access": true, "endpoint.public_access_cidrs": ["0.0.0.0/0"]}
}

test_defaults_fail if {
	count(public_endpoint.deny) == 1 with input as res({}, [])
}

test_halves_of_the_internet_fail if {
	count(public_endpoint.deny) == 1 with input as res({"endpoint": {"public_access": true, "public_access_cidrs": ["0.0.0.0/1", "128.0.0.0/1"]}}, [])
}

test_unknown_cidrs_are_unknown if {
	inp := res({"endpoint": {"public_access": true, "public_access_cidrs": null}}, ["endpoint.public_access_cidrs"])
	count(public_endpoint.deny) == 0 with input as inp
	unknowns := public_endpoint.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["endpoint.public_access_cidrs"]
}

test_unknown_cidrs_of_a_private_endpoint_pass if {
	inp := res({"endpoint": {"public_access": false, "public_access_cidrs": null}}, ["endpoint.public_access_cidrs"])
	count(public_endpoint.unknown) == 0 with input as inp
}
