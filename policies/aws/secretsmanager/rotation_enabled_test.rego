package vigil.aws.secretsmanager.rotation_enabled_test

import data.vigil.aws.secretsmanager.rotation_enabled

res(attrs, unknown) := {"by_type": {"aws.secretsmanager.secret": [{"id": "res.id", "type": "aws.secretsmanager.secret", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"rotation": {"enabled": true}}, [])
	count(rotation_enabled.deny) == 0 with input as inp
	count(rotation_enabled.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := rotation_enabled.deny with input as res({"rotation": {"enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "secret \"res\" is not rotated automatically"
	d.evidence == {"rotation.enabled": false}
}

test_absent_takes_the_documented_default if {
	inp := res({}, [])
	count(rotation_enabled.deny) == 1 with input as inp
	count(rotation_enabled.unknown) == 0 with input as inp
}

test_unknown_is_unknown if {
	inp := res({}, ["rotation"])
	count(rotation_enabled.deny) == 0 with input as inp
	unknowns := rotation_enabled.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["rotation.enabled"]
}
