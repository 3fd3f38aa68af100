package vigil.aws.opensearch.tls_policy_test

import data.vigil.aws.opensearch.tls_policy

res(attrs, unknown) := {"by_type": {"aws.opensearch.domain": [{"id": "res.id", "type": "aws.opensearch.domain", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_tls12_policies_pass if {
	inp := res({"tls_security_policy": "Policy-Min-TLS-1-2-2019-07"}, [])
	count(tls_policy.deny) == 0 with input as inp
	count(tls_policy.unknown) == 0 with input as inp
	count(tls_policy.deny) == 0 with input as res({"tls_security_policy": "Policy-Min-TLS-1-2-PFS-2023-10"}, [])
}

test_tls10_policy_fails if {
	denies := tls_policy.deny with input as res({"tls_security_policy": "Policy-Min-TLS-1-0-2019-07"}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "OpenSearch domain \"res\" accepts TLS versions before 1.2 (Policy-Min-TLS-1-0-2019-07)"
	d.evidence == {"tls_security_policy": "Policy-Min-TLS-1-0-2019-07"}
}

test_not_set_fails if {
	denies := tls_policy.deny with input as res({}, [])
	count(denies) == 1
	some d in denies
	d.message == "OpenSearch domain \"res\" does not name a TLS security policy, so the endpoint may accept TLS 1.0"
	count(tls_policy.deny) == 1 with input as res({"tls_security_policy": 12}, [])
}

test_unknown_is_unknown if {
	inp := res({"tls_security_policy": null}, ["tls_security_policy"])
	count(tls_policy.deny) == 0 with input as inp
	unknowns := tls_policy.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["tls_security_policy"]
}
