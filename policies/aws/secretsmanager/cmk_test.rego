package vigil.aws.secretsmanager.cmk_test

import data.vigil.aws.secretsmanager.cmk

res(attrs, unknown) := {"by_type": {"aws.secretsmanager.secret": [{"id": "res.id", "type": "aws.secretsmanager.secret", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/k-1"}, [])
	count(cmk.deny) == 0 with input as inp
	count(cmk.unknown) == 0 with input as inp
	count(cmk.deny) == 0 with input as res({"kms_key_id": "aws_kms_key.data"}, [])
}

test_no_key_fails if {
	denies := cmk.deny with input as res({"kms_key_id": null}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "secret \"res\" is encrypted with the AWS managed key aws/secretsmanager"
	d.evidence == {"kms_key_id": null}
	count(cmk.deny) == 1 with input as res({}, [])
}

test_aws_managed_key_fails if {
	denies := cmk.deny with input as res({"kms_key_id": "alias/aws/secretsmanager"}, [])
	count(denies) == 1
	some d in denies
	d.message == "secret \"res\" uses the AWS managed key \"alias/aws/secretsmanager\", not a customer managed key"
	count(cmk.deny) == 1 with input as res({"kms_key_id": "arn:aws:kms:eu-west-1:123456789012:alias/aws/secretsmanager"}, [])
}

test_unknown_is_unknown if {
	inp := res({"kms_key_id": null}, ["kms_key_id"])
	count(cmk.deny) == 0 with input as inp
	unknowns := cmk.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["kms_key_id"]
}
