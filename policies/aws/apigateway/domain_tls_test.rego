package vigil.aws.apigateway.domain_tls_test

import data.vigil.aws.apigateway.domain_tls

res(attrs, unknown) := {"by_type": {"aws.apigateway.domain_name": [{"id": "res.id", "type": "aws.apigateway.domain_name", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_tls12_passes if {
	inp := res({"security_policy": "TLS_1_2"}, [])
	count(domain_tls.deny) == 0 with input as inp
	count(domain_tls.unknown) == 0 with input as inp
	count(domain_tls.deny) == 0 with input as res({"security_policy": "SecurityPolicy_TLS13_1_3_2025_09"}, [])
}

test_tls10_fails if {
	denies := domain_tls.deny with input as res({"security_policy": "TLS_1_0"}, [])
	count(denies) == 1
	some d in denies
	d.message == "API Gateway custom domain \"res\" does not require TLS 1.2 (security policy TLS_1_0)"
	d.evidence.security_policy == "TLS_1_0"
}

test_unset_policy_fails if {
	count(domain_tls.deny) == 1 with input as res({}, [])
	count(domain_tls.deny) == 1 with input as res({"security_policy": null}, [])
}

test_unknown_policy_is_unknown if {
	inp := res({"security_policy": null}, ["security_policy"])
	count(domain_tls.deny) == 0 with input as inp
	unknowns := domain_tls.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["security_policy"]
}

test_unrecognised_policy_is_unknown if {
	count(domain_tls.deny) == 0 with input as res({"security_policy": "TLS_9"}, [])
	count(domain_tls.unknown) == 1 with input as res({"security_policy": "TLS_9"}, [])
}
