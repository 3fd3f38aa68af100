package vigil.aws.s3.lifecycle_test

import data.vigil.aws.s3.lifecycle

bucket(attrs, unknown) := {"by_type": {"aws.s3.bucket": [{"id": "aws_s3_bucket.b", "type": "aws.s3.bucket", "name": "b", "attributes": attrs, "unknown": unknown}]}}

test_enabled_rule_passes if {
	inp := bucket({"lifecycle": {"rules": [{"id": "old", "enabled": false}, {"id": "expire", "enabled": true, "expiration_days": 90}]}}, [])
	count(lifecycle.deny) == 0 with input as inp
	count(lifecycle.unknown) == 0 with input as inp
}

test_no_rules_fails if {
	denies := lifecycle.deny with input as bucket({"lifecycle": {"rules": []}}, [])
	some d in denies
	d.message == "S3 bucket \"b\" has no enabled lifecycle rule"
	d.evidence["lifecycle.rules"] == 0
}

test_only_disabled_rules_fail if {
	count(lifecycle.deny) == 1 with input as bucket({"lifecycle": {"rules": [{"id": "x", "enabled": false}]}}, [])
}

test_absent_lifecycle_fails if {
	count(lifecycle.deny) == 1 with input as bucket({}, [])
	count(lifecycle.unknown) == 0 with input as bucket({}, [])
}

test_unknown_rules_are_unknown if {
	inp := bucket({"lifecycle": {"rules": null}}, ["lifecycle.rules"])
	count(lifecycle.deny) == 0 with input as inp
	unknowns := lifecycle.unknown with input as inp
	some u in unknowns
	u.missing == ["lifecycle.rules"]
}

test_rule_with_unknown_status_is_unknown if {
	inp := bucket({"lifecycle": {"rules": [{"id": "x", "enabled": null}]}}, ["lifecycle.rules.0.enabled"])
	count(lifecycle.deny) == 0 with input as inp
	unknowns := lifecycle.unknown with input as inp
	some u in unknowns
	u.missing == ["lifecycle.rules.0.enabled"]
}

test_known_enabled_rule_passes_despite_another_unknown if {
	inp := bucket({"lifecycle": {"rules": [{"id": "x", "enabled": null}, {"id": "y", "enabled": true}]}}, ["lifecycle.rules.0.enabled"])
	count(lifecycle.deny) == 0 with input as inp
	count(lifecycle.unknown) == 0 with input as inp
}
