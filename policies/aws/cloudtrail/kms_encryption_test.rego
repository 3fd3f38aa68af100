package vigil.aws.cloudtrail.kms_encryption_test

import data.vigil.aws.cloudtrail.kms_encryption

trail(attrs, unknown) := {"by_type": {"aws.cloudtrail.trail": [{"id": "aws_cloudtrail.main", "type": "aws.cloudtrail.trail", "name": "main", "attributes": attrs, "unknown": unknown}]}}

test_kms_key_passes if {
	inp := trail({"kms_key_id": "aws_kms_key.trail"}, [])
	count(kms_encryption.deny) == 0 with input as inp
	count(kms_encryption.unknown) == 0 with input as inp
}

test_arn_passes if {
	count(kms_encryption.deny) == 0 with input as trail({"kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}, [])
}

test_null_key_fails if {
	denies := kms_encryption.deny with input as trail({"kms_key_id": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "CloudTrail trail \"main\" does not encrypt its logs with a KMS key"
	d.evidence.kms_key_id == null
}

test_empty_string_fails if {
	count(kms_encryption.deny) == 1 with input as trail({"kms_key_id": ""}, [])
	count(kms_encryption.deny) == 1 with input as trail({}, [])
}

test_unknown_key if {
	inp := trail({"kms_key_id": null}, ["kms_key_id"])
	count(kms_encryption.deny) == 0 with input as inp
	count(kms_encryption.unknown) == 1 with input as inp
}

test_trail_without_attributes_fails if {
	inp := {"by_type": {"aws.cloudtrail.trail": [{"id": "aws_cloudtrail.main", "type": "aws.cloudtrail.trail", "name": "main", "unknown": []}]}}
	denies := kms_encryption.deny with input as inp
	some d in denies
	d.evidence == {"kms_key_id": null}
}
