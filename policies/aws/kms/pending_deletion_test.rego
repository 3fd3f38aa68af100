package vigil.aws.kms.pending_deletion_test

import data.vigil.aws.kms.pending_deletion

key(attrs, unknown) := {"by_type": {"aws.kms.key": [{"id": "arn:aws:kms:eu-west-1:123456789012:key/k1", "type": "aws.kms.key", "name": "k1", "attributes": attrs, "unknown": unknown}]}}

test_enabled_key_passes if {
	inp := key({"key_state": "Enabled", "pending_deletion": false, "deletion_date": null}, [])
	count(pending_deletion.deny) == 0 with input as inp
	count(pending_deletion.unknown) == 0 with input as inp
}

test_disabled_key_passes if {
	count(pending_deletion.deny) == 0 with input as key({"key_state": "Disabled", "pending_deletion": false}, [])
}

test_pending_deletion_fails_with_the_date if {
	denies := pending_deletion.deny with input as key({"key_state": "PendingDeletion", "pending_deletion": true, "deletion_date": "2026-12-14T06:00:00Z"}, [])
	denies == {{
		"resource": "arn:aws:kms:eu-west-1:123456789012:key/k1",
		"message": "KMS key \"k1\" is pending deletion (deleted on 2026-12-14T06:00:00Z)",
		"evidence": {"pending_deletion": true, "key_state": "PendingDeletion", "deletion_date": "2026-12-14T06:00:00Z"},
	}}
}

test_pending_replica_deletion_fails if {
	denies := pending_deletion.deny with input as key({"key_state": "PendingReplicaDeletion", "pending_deletion": true, "deletion_date": null}, [])
	some d in denies
	d.message == "KMS key \"k1\" is pending deletion (deletion date not given)"
}

test_unknown_state_is_unknown if {
	inp := key({}, ["pending_deletion", "key_state", "deletion_date"])
	count(pending_deletion.deny) == 0 with input as inp
	unknowns := pending_deletion.unknown with input as inp
	some u in unknowns
	u.missing == ["pending_deletion"]
}

test_absent_state_passes if {
	# Absent: the default, no deletion scheduled.
	inp := key({"key_spec": "SYMMETRIC_DEFAULT"}, [])
	count(pending_deletion.deny) == 0 with input as inp
	count(pending_deletion.unknown) == 0 with input as inp
}
