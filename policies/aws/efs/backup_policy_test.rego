package vigil.aws.efs.backup_policy_test

import data.vigil.aws.efs.backup_policy

fs(attrs, unknown) := {"by_type": {"aws.efs.file_system": [{"id": "aws_efs_file_system.shared", "type": "aws.efs.file_system", "name": "shared", "attributes": attrs, "unknown": unknown}]}}

test_enabled_passes if {
	inp := fs({"backup_policy": {"status": "ENABLED"}}, [])
	count(backup_policy.deny) == 0 with input as inp
	count(backup_policy.unknown) == 0 with input as inp
}

test_disabled_fails if {
	denies := backup_policy.deny with input as fs({"backup_policy": {"status": "DISABLED"}}, [])
	count(denies) == 1
	some d in denies
	d.message == "EFS file system \"shared\" has automatic backups DISABLED"
	d.evidence["backup_policy.status"] == "DISABLED"
}

test_absent_policy_is_disabled if {
	count(backup_policy.deny) == 1 with input as fs({"encrypted": true}, [])
}

test_transitional_status_fails if {
	denies := backup_policy.deny with input as fs({"backup_policy": {"status": "DISABLING"}}, [])
	some d in denies
	d.evidence["backup_policy.status"] == "DISABLING"
}

test_unknown if {
	inp := fs({}, ["backup_policy"])
	count(backup_policy.deny) == 0 with input as inp
	unknowns := backup_policy.unknown with input as inp
	some u in unknowns
	u.missing == ["backup_policy.status"]
}
