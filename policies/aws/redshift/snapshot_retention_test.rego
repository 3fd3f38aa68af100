package vigil.aws.redshift.snapshot_retention_test

import data.vigil.aws.redshift.snapshot_retention

res(attrs, unknown) := {"by_type": {"aws.redshift.cluster": [{"id": "res.id", "type": "aws.redshift.cluster", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_compliant_passes if {
	inp := res({"automated_snapshot_retention_period": 7}, [])
	count(snapshot_retention.deny) == 0 with input as inp
	count(snapshot_retention.unknown) == 0 with input as inp
}

test_noncompliant_fails if {
	denies := snapshot_retention.deny with input as res({"automated_snapshot_retention_period": 3}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "Redshift cluster \"res\" keeps automated snapshots for 3 days (minimum 7)"
	d.evidence == {"automated_snapshot_retention_period": 3}
}

test_absent_takes_the_documented_default if {
	denies := snapshot_retention.deny with input as res({}, [])
	count(denies) == 1
	some d in denies
	d.evidence == {"automated_snapshot_retention_period": 1}
}

test_wrong_type_is_not_a_pass if {
	count(snapshot_retention.deny) == 1 with input as res({"automated_snapshot_retention_period": "35"}, [])
}

test_unknown_is_unknown if {
	inp := res({"automated_snapshot_retention_period": null}, ["automated_snapshot_retention_period"])
	count(snapshot_retention.deny) == 0 with input as inp
	unknowns := snapshot_retention.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["automated_snapshot_retention_period"]
}
