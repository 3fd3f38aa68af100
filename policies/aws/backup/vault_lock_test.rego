package vigil.aws.backup.vault_lock_test

import data.vigil.aws.backup.vault_lock

res(attrs, unknown) := {"by_type": {"aws.backup.vault": [{"id": "res.id", "type": "aws.backup.vault", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"lock": {"enabled": true}}, [])
	count(vault_lock.deny) == 0 with input as inp
	count(vault_lock.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := vault_lock.deny with input as res({"lock": {"enabled": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "backup vault \"res\" has no vault lock"
	d.evidence["lock.enabled"] == false
}

test_absent_takes_the_documented_default if {
	count(vault_lock.deny) == 1 with input as res({}, [])
	count(vault_lock.unknown) == 0 with input as res({}, [])
}

test_null_takes_the_documented_default if {
	count(vault_lock.deny) == 1 with input as res({"lock": {"enabled": null}}, [])
}

test_unknown_parent_is_unknown if {
	inp := res({}, ["lock"])
	count(vault_lock.deny) == 0 with input as inp
	unknowns := vault_lock.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["lock.enabled"]
}
