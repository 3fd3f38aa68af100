package vigil.aws.account.s3_object_read_logging_test

import data.vigil.aws.account.s3_object_read_logging as rule

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

good := {"multi_region": true, "logging": true, "s3_data_events": {"read": true, "write": false}}

test_trail_with_s3_read_events_passes if {
	i := inp(account(listed, []), [trail("main", good, [])])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}

test_only_write_events_fails if {
	t := trail("main", object.union(good, {"s3_data_events": {"read": false, "write": true}}), [])
	denies := rule.deny with input as inp(account(listed, []), [t])
	count(denies) == 1
	some d in denies
	d.message == "account \"123456789012\" has no logging multi-region CloudTrail trail that records S3 object-level read events of every bucket"
	d.evidence.trails[0]["s3_data_events.read"] == false
}

test_single_region_or_stopped_trail_fails if {
	trails := [trail("local", object.union(good, {"multi_region": false}), []), trail("stopped", object.union(good, {"logging": false}), [])]
	count(rule.deny) == 1 with input as inp(account(listed, []), trails)
}

test_no_trail_fails if {
	count(rule.deny) == 1 with input as inp(account(listed, []), [])
}

test_unknown_selectors_are_unknown if {
	t := trail("main", {"multi_region": true, "logging": true, "s3_data_events": null}, ["s3_data_events"])
	i := inp(account(listed, []), [t])
	count(rule.deny) == 0 with input as i
	unknowns := rule.unknown with input as i
	some u in unknowns
	u.missing == ["arn:aws:cloudtrail:us-east-1:123456789012:trail/main.s3_data_events.read"]
}

test_not_collected_is_unknown_never_a_pass if {
	t := trail("main", {"multi_region": true, "logging": true}, [])
	i := inp(account(listed, []), [t])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 1 with input as i
}

test_unlisted_region_is_unknown if {
	regions := {"us-east-1": {"cloudtrail_trails": 0}, "eu-west-1": {"cloudtrail_trails": null}}
	i := inp(account(regions, ["regions.eu-west-1.cloudtrail_trails"]), [])
	count(rule.deny) == 0 with input as i
	unknowns := rule.unknown with input as i
	some u in unknowns
	u.missing == ["regions.eu-west-1.cloudtrail_trails"]
}

test_qualifying_trail_wins_over_gaps if {
	i := inp(account({"eu-west-1": {}}, []), [trail("main", good, [])])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}
