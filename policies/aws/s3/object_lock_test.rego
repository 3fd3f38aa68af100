package vigil.aws.s3.object_lock_test

import data.vigil.aws.s3.object_lock

res(attrs, unknown) := {"by_type": {"aws.s3.bucket": [{"id": "res.id", "type": "aws.s3.bucket", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"object_lock": {"enabled": true}}, [])
	count(object_lock.deny) == 0 with input as inp
	count(object_lock.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := object_lock.deny with input as res({"object_lock": {"enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == sprintf("S3 bucket %q does not have Object Lock enabled", ["res"])
	d.evidence["object_lock.enabled"] == false
}

test_absent_takes_the_documented_default if {
	count(object_lock.deny) == 1 with input as res({}, [])
	count(object_lock.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(object_lock.deny) == 1 with input as res({"object_lock": {"enabled": null}}, [])
}

test_unknown_is_unknown if {
	inp := res({}, ["object_lock"])
	count(object_lock.deny) == 0 with input as inp
	unknowns := object_lock.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["object_lock.enabled"]
}
