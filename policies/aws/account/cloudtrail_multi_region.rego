# METADATA
# title: A multi-region CloudTrail trail records all management events
# description: >-
#   The account has a CloudTrail trail that covers every region, is logging, and records all management
#   events (read and write), so API activity anywhere in the account is recorded (CIS AWS Foundations
#   Benchmark 3.0, 3.1). The rule reads the account's aws.cloudtrail.trail resources as evidence. When no
#   trail qualifies, the account fails only if every collected region's trails were listed; a trail with
#   unknown settings, or a region whose trails could not be listed, makes it unknown. Organization trails
#   owned by the management account are not visible from member accounts and are not counted.
# custom:
#   id: ACCT.7
#   severity: high
#   resource_types: [aws.account]
#   reads: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-2", "AU-12", "AU-12(1)"]
#     nist-csf-2.0: ["PR.PS-04"]
#     cis-aws-foundations-6.0: ["4.1"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Create (or change) a trail with is_multi_region_trail = true, logging on, and an event selector
#     that includes all management events (read_write_type = "All"), e.g. an aws_cloudtrail resource
#     or an organization trail from the management account.
package vigil.aws.account.cloudtrail_multi_region

import data.vigil.lib

# The trails are evidence, not the rule's scope: results are per account (custom.reads declares them).
trails(acct) := [t | some t in lib.resources("aws.cloudtrail.trail"); t.account == acct.account]

# The settings a qualifying trail needs, with the value each needs. An absent management_events takes
# CloudTrail's default: all management events.
needs := {
	"multi_region": true,
	"logging": true,
	"management_events.enabled": true,
	"management_events.read_write_type": "All",
}

defaults := {
	"multi_region": false,
	"logging": true,
	"management_events.enabled": true,
	"management_events.read_write_type": "All",
}

setting(t, p) := v if {
	v := object.get(object.get(t, "attributes", {}), split(p, "."), null)
	v != null
} else := defaults[p]

# A setting is known to meet the need, known not to, or unknown.
meets(t, p) if {
	not lib.is_unknown(t, p)
	setting(t, p) == needs[p]
}

fails(t, p) if {
	not lib.is_unknown(t, p)
	setting(t, p) != needs[p]
}

qualifies(t) if every p, _ in needs {
	meets(t, p)
}

# might_qualify: no setting is known to fail, some are unknown.
might_qualify(t) if {
	not qualifies(t)
	not any_fails(t)
}

any_fails(t) if {
	some p, _ in needs
	fails(t, p)
}

trail_unknowns(t) := [sprintf("%s.%s", [t.id, p]) | some p, _ in needs; lib.is_unknown(t, p)]

regions(acct) := object.get(acct, ["attributes", "regions"], null)

listed_path(region) := sprintf("regions.%s.cloudtrail_trails", [region])

# Regions whose trails were not listed (unknown, or CloudTrail not collected there).
unlisted(acct) := sort([listed_path(region) |
	some region, _ in regions(acct)
	not listed(acct, region)
])

listed(acct, region) if {
	not lib.is_unknown(acct, listed_path(region))
	is_number(object.get(regions(acct), [region, "cloudtrail_trails"], null))
}

complete(acct) if {
	is_object(regions(acct))
	count(regions(acct)) > 0
	count(unlisted(acct)) == 0
}

evidence(acct) := {"trails": [{
	"id": t.id,
	"multi_region": setting(t, "multi_region"),
	"logging": setting(t, "logging"),
	"management_events": setting(t, "management_events.read_write_type"),
} |
	some t in trails(acct)
]}

has_qualifying(acct) if {
	some t in trails(acct)
	qualifies(t)
}

has_candidate(acct) if {
	some t in trails(acct)
	might_qualify(t)
}

deny contains result if {
	some acct in lib.resources("aws.account")
	not has_qualifying(acct)
	not has_candidate(acct)
	complete(acct)
	result := lib.failure(
		acct,
		sprintf("account %q has no multi-region CloudTrail trail that is logging all management events", [lib.label(acct)]),
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
		sprintf("whether account %q has a multi-region CloudTrail trail logging all management events is unknown", [lib.label(acct)]),
		missing,
	)
}

# region_gaps lists why the trail listing may be incomplete.
region_gaps(acct) := unlisted(acct) if complete_or_gaps(acct)

region_gaps(acct) := ["regions"] if not complete_or_gaps(acct)

complete_or_gaps(acct) if {
	is_object(regions(acct))
	count(regions(acct)) > 0
}
