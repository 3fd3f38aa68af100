package vigil.aws.opensearch.public_access_test

import data.vigil.aws.opensearch.public_access

res(attrs, unknown) := {"by_type": {"aws.opensearch.domain": [{"id": "res.id", "type": "aws.opensearch.domain", "name": "res", "attributes": attrs, "unknown": unknown}]}}

open_policy := {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["es:*"], "Resource": ["*"]}]}

ip_policy := {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["es:*"], "Resource": ["*"], "Condition": {"IpAddress": {"aws:SourceIp": ["192.0.2.0/24"]}}}]}

test_vpc_or_restricted_passes if {
	inp := res({"in_vpc": true, "access_policies": open_policy}, [])
	count(public_access.deny) == 0 with input as inp
	count(public_access.unknown) == 0 with input as inp
	count(public_access.deny) == 0 with input as res({"in_vpc": false, "access_policies": ip_policy}, [])
	count(public_access.deny) == 0 with input as res({"in_vpc": false, "access_policies": null}, [])
}

test_public_open_domain_fails if {
	denies := public_access.deny with input as res({"in_vpc": false, "access_policies": open_policy}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "OpenSearch domain \"res\" has a public endpoint and an access policy statement that allows anyone"
	d.evidence == {"in_vpc": false, "access_policies.public_statements": open_policy.Statement}
}

test_unknown_policy_of_public_domain_is_unknown if {
	inp := res({"in_vpc": false, "access_policies": null}, ["access_policies"])
	count(public_access.deny) == 0 with input as inp
	unknowns := public_access.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["access_policies"]
}

test_unknown_vpc_with_open_policy_is_unknown if {
	inp := res({"in_vpc": null, "access_policies": open_policy}, ["in_vpc"])
	count(public_access.deny) == 0 with input as inp
	unknowns := public_access.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["in_vpc"]
}

test_unknown_policy_in_vpc_passes if {
	inp := res({"in_vpc": true, "access_policies": null}, ["access_policies"])
	count(public_access.deny) == 0 with input as inp
	count(public_access.unknown) == 0 with input as inp
}
