# METADATA
# title: Amazon GuardDuty is enabled in every collected region
# description: >-
#   Each collected region has a GuardDuty detector whose status is enabled, so threat detection covers
#   the account's API activity, network flows and DNS queries wherever a resource may be launched. A
#   region whose detectors could not be read, or that was not collected, is unknown. Read from live
#   accounts only: Terraform cannot show that every region of the account has a detector.
# custom:
#   id: GD.1
#   severity: medium
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["8.16"]
#     nist-800-53-r5: ["SI-4"]
#     nist-csf-2.0: ["DE.CM-01", "DE.CM-09"]
#     soc2-tsc-2017: ["CC7.2"]
#   remediation: >-
#     Create an aws_guardduty_detector (enable = true) in each listed region, or enable GuardDuty for the
#     organization from the delegated administrator (aws_guardduty_organization_configuration with
#     auto_enable_organization_members = "ALL").
package vigil.aws.guardduty.enabled_in_regions

import data.vigil.lib

key := "guardduty_enabled"

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
		sprintf("account %q does not have GuardDuty enabled in %s", [lib.label(r), concat(", ", offs)]),
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
	result := lib.unknown_result(r, sprintf("GuardDuty of account %q is unknown in some regions", [lib.label(r)]), missing)
}

unknown contains result if {
	some r in lib.resources("aws.account")
	not non_empty_object(regions(r))
	result := lib.unknown_result(r, sprintf("no region of account %q was collected", [lib.label(r)]), ["regions"])
}

non_empty_object(v) if {
	is_object(v)
	count(v) > 0
}
