package vigil.aws.sns.secure_transport_test

import data.vigil.aws.sns.secure_transport

res(attrs, unknown) := {"by_type": {"aws.sns.topic": [{"id": "res.id", "type": "aws.sns.topic", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"policy": {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["sns:Publish"], "Resource": ["*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}, [])
	count(secure_transport.deny) == 0 with input as inp
	count(secure_transport.unknown) == 0 with input as inp
}

test_no_policy_fails if {
	denies := secure_transport.deny with input as res({"policy": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "SNS topic \"res\" has no policy, so requests without TLS are not denied"
	d.evidence == {"policy": null}
}

test_policy_without_tls_statement_fails if {
	pol := {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": ["sns:Publish"], "Resource": ["*"]}]}
	denies := secure_transport.deny with input as res({"policy": pol}, [])
	count(denies) == 1
	some d in denies
	d.message == "SNS topic \"res\" policy does not deny requests without TLS (aws:SecureTransport false)"
}

test_other_service_action_does_not_count if {
	pol := {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*"], "Resource": ["*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
	count(secure_transport.deny) == 1 with input as res({"policy": pol}, [])
}

test_unknown_policy_is_unknown if {
	inp := res({"policy": null}, ["policy"])
	count(secure_transport.deny) == 0 with input as inp
	unknowns := secure_transport.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["policy"]
}
