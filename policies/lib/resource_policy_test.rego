package vigil.lib_test

import data.vigil.lib

rp(doc, unknown) := {"id": "x", "attributes": {"policy": doc}, "unknown": unknown}

anyone_allow := {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sqs:SendMessage"], "Resource": ["*"]}

test_public_statement_anyone_without_condition if {
	count(lib.open_policy_statements(rp({"Statement": [anyone_allow]}, []), "policy")) == 1
	count(lib.open_policy_statements(rp({"Statement": [object.union(anyone_allow, {"Principal": "*"})]}, []), "policy")) == 1
	count(lib.open_policy_statements(rp({"Statement": [object.union(anyone_allow, {"Principal": {"AWS": ["arn:aws:iam::1:root", "*"]}})]}, []), "policy")) == 1
}

test_condition_account_or_deny_is_not_public if {
	cond := object.union(anyone_allow, {"Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}})
	count(lib.open_policy_statements(rp({"Statement": [cond]}, []), "policy")) == 0
	count(lib.open_policy_statements(rp({"Statement": [object.union(anyone_allow, {"Effect": "Deny"})]}, []), "policy")) == 0
	count(lib.open_policy_statements(rp({"Statement": [object.union(anyone_allow, {"Principal": {"AWS": "arn:aws:iam::1:root"}})]}, []), "policy")) == 0
	count(lib.open_policy_statements(rp(null, []), "policy")) == 0
}

test_statement_with_unknown_parts_is_left_out if {
	r := rp({"Statement": [object.union(anyone_allow, {"Condition": null})]}, ["policy.Statement.0.Condition"])
	count(lib.open_policy_statements(r, "policy")) == 0
	lib.policy_may_be_public(r, "policy")
	not lib.policy_may_be_public(rp({"Statement": [anyone_allow]}, []), "policy")
}

tls_deny := {"Effect": "Deny", "Principal": "*", "Action": ["sns:Publish"], "Resource": ["*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}

test_denies_insecure_transport if {
	lib.denies_insecure_transport(rp({"Statement": [tls_deny]}, []), "policy", {"sns:publish", "sns:*", "*"})
	lib.denies_insecure_transport(rp({"Statement": [object.union(tls_deny, {"Condition": {"BoolIfExists": {"aws:securetransport": [false]}}})]}, []), "policy", {"sns:publish"})
}

test_does_not_deny_insecure_transport if {
	not lib.denies_insecure_transport(rp({"Statement": [object.union(tls_deny, {"Effect": "Allow"})]}, []), "policy", {"sns:publish"})
	not lib.denies_insecure_transport(rp({"Statement": [object.union(tls_deny, {"Condition": {"Bool": {"aws:SecureTransport": "true"}}})]}, []), "policy", {"sns:publish"})
	not lib.denies_insecure_transport(rp({"Statement": [object.union(tls_deny, {"Principal": {"AWS": "arn:aws:iam::1:root"}})]}, []), "policy", {"sns:publish"})
	not lib.denies_insecure_transport(rp({"Statement": [tls_deny]}, []), "policy", {"sqs:*"})
	not lib.denies_insecure_transport(rp(null, []), "policy", {"sns:publish"})
}
