package vigil.aws.secretsmanager.unused_test

import data.vigil.aws.secretsmanager.unused

res(attrs, unknown) := {"by_type": {"aws.secretsmanager.secret": [{"id": "res.id", "type": "aws.secretsmanager.secret", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_recently_retrieved_or_young_passes if {
	inp := res({"days_since_last_accessed": 3, "days_since_created": 400}, [])
	count(unused.deny) == 0 with input as inp
	count(unused.unknown) == 0 with input as inp
	count(unused.deny) == 0 with input as res({"days_since_last_accessed": 90, "days_since_created": 400}, [])
	count(unused.deny) == 0 with input as res({"days_since_last_accessed": null, "days_since_created": 10}, [])
}

test_not_retrieved_for_long_fails if {
	denies := unused.deny with input as res({"days_since_last_accessed": 91, "days_since_created": 400}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "secret \"res\" was last retrieved 91 days ago (maximum 90)"
	d.evidence == {"days_since_last_accessed": 91}
}

test_never_retrieved_old_secret_fails if {
	denies := unused.deny with input as res({"days_since_last_accessed": null, "days_since_created": 200}, [])
	count(denies) == 1
	some d in denies
	d.message == "secret \"res\" has never been retrieved since it was created 200 days ago"
	d.evidence == {"days_since_last_accessed": null, "days_since_created": 200}
}

test_terraform_secret_is_unknown if {
	inp := res({"days_since_last_accessed": null, "days_since_created": null}, ["days_since_created", "days_since_last_accessed"])
	count(unused.deny) == 0 with input as inp
	unknowns := unused.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["days_since_last_accessed"]
}

test_never_retrieved_of_unknown_age_is_unknown if {
	inp := res({"days_since_last_accessed": null, "days_since_created": null}, ["days_since_created"])
	count(unused.deny) == 0 with input as inp
	unknowns := unused.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["days_since_created"]
}

test_absent_is_unknown_not_a_pass if {
	inp := res({}, [])
	count(unused.deny) == 0 with input as inp
	count(unused.unknown) == 1 with input as inp
}
