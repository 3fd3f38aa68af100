package vigil.aws.secretsmanager.rotation_interval_test

import data.vigil.aws.secretsmanager.rotation_interval

res(rotation, unknown) := {"by_type": {"aws.secretsmanager.secret": [{"id": "res.id", "type": "aws.secretsmanager.secret", "name": "res", "attributes": {"rotation": rotation}, "unknown": unknown}]}}

passes(rotation) if {
	count(rotation_interval.deny) == 0 with input as res(rotation, [])
	count(rotation_interval.unknown) == 0 with input as res(rotation, [])
}

fails(rotation) if {
	count(rotation_interval.deny) == 1 with input as res(rotation, [])
	count(rotation_interval.unknown) == 0 with input as res(rotation, [])
}

test_intervals_up_to_90_days_pass if {
	passes({"enabled": true, "automatically_after_days": 90, "schedule_expression": null})
	passes({"enabled": true, "automatically_after_days": null, "schedule_expression": "rate(30 days)"})
	passes({"enabled": true, "automatically_after_days": null, "schedule_expression": "rate(4 hours)"})
	passes({"enabled": true, "automatically_after_days": null, "schedule_expression": "cron(0 8 1 * ? *)"})
}

test_longer_intervals_fail if {
	fails({"enabled": true, "automatically_after_days": 365, "schedule_expression": null})
	fails({"enabled": true, "automatically_after_days": null, "schedule_expression": "rate(120 days)"})
	denies := rotation_interval.deny with input as res({"enabled": true, "automatically_after_days": 180, "schedule_expression": null}, [])
	some d in denies
	d.resource == "res.id"
	d.message == "secret \"res\" is rotated every 180 days (maximum 90)"
	d.evidence == {"rotation.automatically_after_days": 180, "rotation.schedule_expression": null}
}

test_not_rotated_fails if {
	fails({"enabled": false, "automatically_after_days": null, "schedule_expression": null})
	denies := rotation_interval.deny with input as {"by_type": {"aws.secretsmanager.secret": [{"id": "res.id", "name": "res", "attributes": {}, "unknown": []}]}}
	some d in denies
	d.message == "secret \"res\" is not rotated automatically, so its value never changes"
	d.evidence == {"rotation.enabled": false}
}

test_cron_skipping_months_is_unknown if {
	inp := res({"enabled": true, "automatically_after_days": null, "schedule_expression": "cron(0 8 1 1 ? *)"}, [])
	count(rotation_interval.deny) == 0 with input as inp
	unknowns := rotation_interval.unknown with input as inp
	some u in unknowns
	u.missing == ["rotation.schedule_expression"]
}

test_unknown_rotation_is_unknown if {
	inp := res({"enabled": true, "automatically_after_days": null, "schedule_expression": null}, ["rotation.automatically_after_days"])
	count(rotation_interval.deny) == 0 with input as inp
	unknowns := rotation_interval.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["rotation.automatically_after_days"]
}
