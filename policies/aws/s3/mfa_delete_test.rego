package vigil.aws.s3.mfa_delete_test

import data.vigil.aws.s3.mfa_delete

res(attrs, unknown) := {"by_type": {"aws.s3.bucket": [{"id": "res.id", "type": "aws.s3.bucket", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"versioning": {"mfa_delete": true}}, [])
	count(mfa_delete.deny) == 0 with input as inp
	count(mfa_delete.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := mfa_delete.deny with input as res({"versioning": {"mfa_delete": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == sprintf("S3 bucket %q does not require MFA to delete object versions", ["res"])
	d.evidence["versioning.mfa_delete"] == false
}

test_absent_takes_the_documented_default if {
	count(mfa_delete.deny) == 1 with input as res({}, [])
	count(mfa_delete.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(mfa_delete.deny) == 1 with input as res({"versioning": {"mfa_delete": null}}, [])
}

test_unknown_is_unknown if {
	inp := res({}, ["versioning"])
	count(mfa_delete.deny) == 0 with input as inp
	unknowns := mfa_delete.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["versioning.mfa_delete"]
}
