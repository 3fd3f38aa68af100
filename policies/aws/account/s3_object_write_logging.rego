# METADATA
# title: S3 object-level write events are logged by a multi-region CloudTrail trail
# description: >-
#   The account has a CloudTrail trail that covers every region, is logging, and records the S3
#   object-level write events (data events) of every bucket, so who wrote or deleted which object is on record
#   (CIS AWS Foundations 6.0, 4.8). The rule reads the account's aws.cloudtrail.trail resources as evidence,
#   as ACCT.7 does: without a qualifying trail the account fails only if every collected region's trails were
#   listed; a trail whose unknown settings could make it qualify, or an unlisted region, makes it unknown.
#   Read from live accounts only (Terraform has no aws.account); organization trails of the management
#   account are not visible from member accounts.
# custom:
#   id: ACCT.11
#   severity: medium
#   resource_types: [aws.account]
#   reads: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-2", "AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     cis-aws-foundations-6.0: ["4.8"]
#   remediation: >-
#     Add to a multi-region trail an event selector for S3 object-level write events of all buckets:
#     event_selector { read_write_type = "WriteOnly"  data_resource { type = "AWS::S3::Object"  values =
#     ["arn:aws:s3"] } } on the aws_cloudtrail, or an advanced_event_selector with eventCategory = Data
#     and resources.type = AWS::S3::Object.
package vigil.aws.account.s3_object_write_logging

import data.vigil.lib

trails(acct) := [t | some t in lib.resources("aws.cloudtrail.trail"); t.account == acct.account]

events_path := "s3_data_events.write"

# The settings a qualifying trail needs. multi_region absent is false and logging absent is true (the
# documented defaults); s3_data_events has none: absent was not collected.
needs := {"multi_region": true, "logging": true, events_path: true}

defaults := {"multi_region": false, "logging": true}

setting(t, p) := v if {
	v := object.get(object.get(t, "attributes", {}), split(p, "."), null)
	v != null
} else := defaults[p]

value_known(t, p) if {
	not lib.is_unknown(t, p)
	is_boolean(setting(t, p))
}

meets(t, p) if {
	value_known(t, p)
	setting(t, p) == needs[p]
}

fails(t, p) if {
	value_known(t, p)
	setting(t, p) != needs[p]
}

qualifies(t) if every p, _ in needs {
	meets(t, p)
}

any_fails(t) if {
	some p, _ in needs
	fails(t, p)
}

might_qualify(t) if {
	not qualifies(t)
	not any_fails(t)
}

trail_unknowns(t) := [sprintf("%s.%s", [t.id, p]) | some p, _ in needs; not value_known(t, p)]

regions(acct) := object.get(acct, ["attributes", "regions"], null)

listed_path(region) := sprintf("regions.%s.cloudtrail_trails", [region])

listed(acct, region) if {
	not lib.is_unknown(acct, listed_path(region))
	is_number(object.get(regions(acct), [region, "cloudtrail_trails"], null))
}

unlisted(acct) := sort([listed_path(region) | some region, _ in regions(acct); not listed(acct, region)])

some_regions(acct) if {
	is_object(regions(acct))
	count(regions(acct)) > 0
}

complete(acct) if {
	some_regions(acct)
	count(unlisted(acct)) == 0
}

region_gaps(acct) := unlisted(acct) if some_regions(acct)

region_gaps(acct) := ["regions"] if not some_regions(acct)

has_qualifying(acct) if {
	some t in trails(acct)
	qualifies(t)
}

has_candidate(acct) if {
	some t in trails(acct)
	might_qualify(t)
}

evidence(acct) := {"trails": [{
	"id": t.id,
	"multi_region": setting(t, "multi_region"),
	"logging": setting(t, "logging"),
	events_path: object.get(t.attributes, ["s3_data_events", "write"], null),
} |
	some t in trails(acct)
]}

deny contains result if {
	some acct in lib.resources("aws.account")
	not has_qualifying(acct)
	not has_candidate(acct)
	complete(acct)
	result := lib.failure(
		acct,
		sprintf("account %q has no logging multi-region CloudTrail trail that records S3 object-level write events of every bucket", [lib.label(acct)]),
		evidence(acct),
	)
}

unknown contains result if {
	some acct in lib.resources("aws.account")
	not has_qualifying(acct)
	missing := array.concat(
		[p | some t in trails(acct); might_qualify(t); some p in trail_unknowns(t)],
		region_gaps(acct),
	)
	count(missing) > 0
	result := lib.unknown_result(
		acct,
		sprintf("whether account %q logs S3 object-level write events in a multi-region trail is unknown", [lib.label(acct)]),
		missing,
	)
}
