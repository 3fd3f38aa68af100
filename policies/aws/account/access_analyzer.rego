# METADATA
# title: IAM Access Analyzer is enabled in every collected region
# description: >-
#   An active IAM Access Analyzer external access analyzer (of the account or of its organization) watches each
#   region that was collected, so a bucket, key, role or other resource shared with an outside principal is
#   reported (CIS AWS Foundations 2.19; unused access analyzers do not count). A region whose analyzers could
#   not be listed, or were not collected, is unknown. Read from live accounts only: Terraform cannot show that
#   every region of the account has one.
# custom:
#   id: ACCT.8
#   severity: medium
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["5.15"]
#     nist-800-53-r5: ["CA-7"]
#     nist-csf-2.0: ["DE.CM-09"]
#     cis-aws-foundations-6.0: ["2.19"]
#   remediation: >-
#     In each listed region, create an analyzer of type ACCOUNT (or ORGANIZATION, from the management or
#     delegated administrator account): an aws_accessanalyzer_analyzer per region (provider alias or region
#     argument), or a StackSet.
package vigil.aws.account.access_analyzer

import data.vigil.lib

key := "access_analyzer_active"

regions(r) := object.get(r, ["attributes", "regions"], null)

region_path(region) := sprintf("regions.%s.%s", [region, key])

state(r, region) := object.get(regions(r), [region, key], null)

known(r, region) if {
	not lib.is_unknown(r, region_path(region))
	is_boolean(state(r, region))
}

off(r) := sort([region | some region, _ in regions(r); known(r, region); state(r, region) == false])

deny contains result if {
	some r in lib.resources("aws.account")
	is_object(regions(r))
	offs := off(r)
	count(offs) > 0
	result := lib.failure(
		r,
		sprintf("account %q has no active IAM Access Analyzer in %s", [lib.label(r), concat(", ", offs)]),
		{region_path(region): state(r, region) | some region, _ in regions(r); known(r, region)},
	)
}

unknown contains result if {
	some r in lib.resources("aws.account")
	is_object(regions(r))
	count(regions(r)) > 0
	count(off(r)) == 0
	missing := sort([region_path(region) | some region, _ in regions(r); not known(r, region)])
	count(missing) > 0
	result := lib.unknown_result(
		r,
		sprintf("IAM Access Analyzer of account %q is unknown in some regions", [lib.label(r)]),
		missing,
	)
}

# No region collected (or the regions unknown): nothing can be said.
unknown contains result if {
	some r in lib.resources("aws.account")
	not non_empty_object(regions(r))
	result := lib.unknown_result(
		r,
		sprintf("no region of account %q was collected", [lib.label(r)]),
		["regions"],
	)
}

non_empty_object(v) if {
	is_object(v)
	count(v) > 0
}
