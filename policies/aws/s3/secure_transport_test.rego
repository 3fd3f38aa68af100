package vigil.aws.s3.secure_transport_test

import data.vigil.aws.s3.secure_transport

bucket(policy, unknown) := {"by_type": {"aws.s3.bucket": [{
	"id": "aws_s3_bucket.data",
	"type": "aws.s3.bucket",
	"name": "data",
	"attributes": {"policy": policy},
	"unknown": unknown,
}]}}

tls_statement := {
	"Effect": "Deny",
	"Principal": "*",
	"Action": ["s3:*"],
	"Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],
	"Condition": {"Bool": {"aws:SecureTransport": "false"}},
}

allow_read := {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::data/*"]}

test_tls_deny_passes if {
	inp := bucket({"Version": "2012-10-17", "Statement": [allow_read, tls_statement]}, [])
	count(secure_transport.deny) == 0 with input as inp
	count(secure_transport.unknown) == 0 with input as inp
}

test_boolean_false_and_aws_star_principal_pass if {
	stmt := object.union(tls_statement, {"Principal": {"AWS": "*"}, "Condition": {"Bool": {"aws:securetransport": false}}})
	count(secure_transport.deny) == 0 with input as bucket({"Statement": [stmt]}, [])
}

test_no_policy_fails if {
	denies := secure_transport.deny with input as bucket(null, [])
	count(denies) == 1
	some d in denies
	d.message == "bucket \"data\" has no bucket policy, so requests without TLS are not denied"
	d.evidence.policy == null
}

test_condition_true_fails if {
	stmt := object.union(tls_statement, {"Condition": {"Bool": {"aws:SecureTransport": "true"}}})
	denies := secure_transport.deny with input as bucket({"Statement": [stmt]}, [])
	count(denies) == 1
	some d in denies
	contains(d.message, "policy does not deny requests without TLS")
}

test_allow_with_condition_is_not_enforcement if {
	stmt := object.union(tls_statement, {"Effect": "Allow"})
	count(secure_transport.deny) == 1 with input as bucket({"Statement": [stmt]}, [])
}

test_narrow_action_fails if {
	stmt := object.union(tls_statement, {"Action": ["s3:GetObject"]})
	count(secure_transport.deny) == 1 with input as bucket({"Statement": [stmt]}, [])
}

test_bucket_only_resource_fails if {
	stmt := object.union(tls_statement, {"Resource": ["arn:aws:s3:::data"]})
	count(secure_transport.deny) == 1 with input as bucket({"Statement": [stmt]}, [])
}

test_unknown_policy if {
	inp := bucket(null, ["policy"])
	count(secure_transport.deny) == 0 with input as inp
	unknowns := secure_transport.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["policy"]
}

# Partly known policies (lib.statement_unknowns).

test_known_tls_statement_passes_despite_unknown_statement if {
	inp := bucket({"Statement": [null, tls_statement]}, ["policy.Statement.0"])
	count(secure_transport.deny) == 0 with input as inp
	count(secure_transport.unknown) == 0 with input as inp
}

test_unknown_parts_that_cannot_enforce_fail if {
	# An Allow with an unknown resource, a Deny whose known condition is not about TLS.
	other_deny := {"Effect": "Deny", "Principal": "*", "Action": ["s3:*"], "Resource": [null], "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}
	inp := bucket({"Statement": [object.union(allow_read, {"Resource": [null]}), other_deny]}, ["policy.Statement.0.Resource.0", "policy.Statement.1.Resource.0"])
	denies := secure_transport.deny with input as inp
	count(denies) == 1
	count(secure_transport.unknown) == 0 with input as inp
}

test_tls_statement_on_unknown_resources_is_unknown if {
	stmt := object.union(tls_statement, {"Resource": [null, null]})
	inp := bucket({"Statement": [stmt]}, ["policy.Statement.0.Resource.0", "policy.Statement.0.Resource.1"])
	count(secure_transport.deny) == 0 with input as inp
	unknowns := secure_transport.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["policy.Statement.0.Resource.0", "policy.Statement.0.Resource.1"]
}

test_unknown_condition_value_is_unknown if {
	stmt := object.union(tls_statement, {"Condition": {"Bool": {"aws:SecureTransport": null}}})
	inp := bucket({"Statement": [stmt]}, ["policy.Statement.0.Condition.Bool.aws:SecureTransport"])
	count(secure_transport.deny) == 0 with input as inp
	unknowns := secure_transport.unknown with input as inp
	some u in unknowns
	u.missing == ["policy.Statement.0.Condition.Bool.aws:SecureTransport"]
}
