package vigil.aws.account.cloudtrail_multi_region_test

import data.vigil.aws.account.cloudtrail_multi_region

acct_id := "arn:aws:iam::123456789012:root"

account(regions, unknown) := {
	"id": acct_id,
	"type": "aws.account",
	"name": "123456789012",
	"account": "123456789012",
	"attributes": {"regions": regions},
	"unknown": unknown,
}

trail(name, attrs, unknown) := {
	"id": sprintf("arn:aws:cloudtrail:us-east-1:123456789012:trail/%s", [name]),
	"type": "aws.cloudtrail.trail",
	"name": name,
	"account": "123456789012",
	"region": "us-east-1",
	"attributes": attrs,
	"unknown": unknown,
}

inp(acct, trails) := {"by_type": {"aws.account": [acct], "aws.cloudtrail.trail": trails}}

listed := {"us-east-1": {"cloudtrail_trails": 1}, "eu-west-1": {"cloudtrail_trails": 0}}

good := {"multi_region": true, "logging": true, "management_events": {"enabled": true, "read_write_type": "All"}}

test_logging_multi_region_trail_passes if {
	i := inp(account(listed, []), [trail("main", good, [])])
	count(cloudtrail_multi_region.deny) == 0 with input as i
	count(cloudtrail_multi_region.unknown) == 0 with input as i
}

test_absent_management_events_take_the_default if {
	i := inp(account(listed, []), [trail("main", {"multi_region": true, "logging": true}, [])])
	count(cloudtrail_multi_region.deny) == 0 with input as i
	count(cloudtrail_multi_region.unknown) == 0 with input as i
}

test_no_trail_fails if {
	denies := cloudtrail_multi_region.deny with input as inp(account(listed, []), [])
	count(denies) == 1
	some d in denies
	d.resource == acct_id
	d.message == "account \"123456789012\" has no multi-region CloudTrail trail that is logging all management events"
	d.evidence.trails == []
}

test_stopped_single_region_and_write_only_trails_fail if {
	trails := [
		trail("stopped", object.union(good, {"logging": false}), []),
		trail("local", object.union(good, {"multi_region": false}), []),
		trail("writes", object.union(good, {"management_events": {"enabled": true, "read_write_type": "WriteOnly"}}), []),
	]
	denies := cloudtrail_multi_region.deny with input as inp(account(listed, []), trails)
	count(denies) == 1
	some d in denies
	count(d.evidence.trails) == 3
	count(cloudtrail_multi_region.unknown) == 0 with input as inp(account(listed, []), trails)
}

test_trail_of_another_account_does_not_count if {
	other := object.union(trail("main", good, []), {"account": "210987654321"})
	count(cloudtrail_multi_region.deny) == 1 with input as inp(account(listed, []), [other])
}

test_unknown_logging_is_unknown if {
	t := trail("main", {"multi_region": true, "management_events": {"enabled": true, "read_write_type": "All"}}, ["logging"])
	i := inp(account(listed, []), [t])
	count(cloudtrail_multi_region.deny) == 0 with input as i
	unknowns := cloudtrail_multi_region.unknown with input as i
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["arn:aws:cloudtrail:us-east-1:123456789012:trail/main.logging"]
}

test_unlisted_region_is_unknown if {
	regions := {"us-east-1": {"cloudtrail_trails": 0}, "eu-west-1": {"cloudtrail_trails": null}}
	i := inp(account(regions, ["regions.eu-west-1.cloudtrail_trails"]), [])
	count(cloudtrail_multi_region.deny) == 0 with input as i
	unknowns := cloudtrail_multi_region.unknown with input as i
	some u in unknowns
	u.missing == ["regions.eu-west-1.cloudtrail_trails"]
}

test_region_collected_without_cloudtrail_is_unknown if {
	regions := {"us-east-1": {"cloudtrail_trails": 0}, "eu-west-1": {"config_recorder_on": true}}
	i := inp(account(regions, []), [])
	count(cloudtrail_multi_region.deny) == 0 with input as i
	count(cloudtrail_multi_region.unknown) == 1 with input as i
}

test_qualifying_trail_wins_over_gaps if {
	regions := {"us-east-1": {"cloudtrail_trails": 1}, "eu-west-1": {"cloudtrail_trails": null}}
	i := inp(account(regions, ["regions.eu-west-1.cloudtrail_trails"]), [trail("main", good, [])])
	count(cloudtrail_multi_region.deny) == 0 with input as i
	count(cloudtrail_multi_region.unknown) == 0 with input as i
}

test_no_regions_is_unknown_never_a_pass if {
	acct := {"id": acct_id, "type": "aws.account", "name": "123456789012", "account": "123456789012", "attributes": {}, "unknown": []}
	i := inp(acct, [])
	count(cloudtrail_multi_region.deny) == 0 with input as i
	unknowns := cloudtrail_multi_region.unknown with input as i
	some u in unknowns
	u.missing == ["regions"]
}
