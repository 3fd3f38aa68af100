package vigil.aws.sqs.encryption_test

import data.vigil.aws.sqs.encryption

res(attrs, unknown) := {"by_type": {"aws.sqs.queue": [{"id": "res.id", "type": "aws.sqs.queue", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_sse_sqs_or_kms_passes if {
	count(encryption.deny) == 0 with input as res({"sqs_managed_sse_enabled": true, "kms_master_key_id": null}, [])
	count(encryption.deny) == 0 with input as res({"sqs_managed_sse_enabled": false, "kms_master_key_id": "alias/aws/sqs"}, [])
	count(encryption.unknown) == 0 with input as res({"sqs_managed_sse_enabled": false, "kms_master_key_id": "alias/aws/sqs"}, [])
}

test_absent_takes_the_sse_sqs_default if {
	count(encryption.deny) == 0 with input as res({}, [])
	count(encryption.unknown) == 0 with input as res({}, [])
}

test_unencrypted_fails if {
	denies := encryption.deny with input as res({"sqs_managed_sse_enabled": false, "kms_master_key_id": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "SQS queue \"res\" is not encrypted at rest (neither SSE-SQS nor SSE-KMS)"
	d.evidence == {"sqs_managed_sse_enabled": false, "kms_master_key_id": null}
}

test_unknown_key_without_sse_sqs_is_unknown if {
	inp := res({"sqs_managed_sse_enabled": false, "kms_master_key_id": null}, ["kms_master_key_id"])
	count(encryption.deny) == 0 with input as inp
	unknowns := encryption.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["kms_master_key_id"]
}

test_known_key_beside_unknown_sse_sqs_passes if {
	inp := res({"sqs_managed_sse_enabled": null, "kms_master_key_id": "aws_kms_key.q"}, ["sqs_managed_sse_enabled"])
	count(encryption.deny) == 0 with input as inp
	count(encryption.unknown) == 0 with input as inp
}
