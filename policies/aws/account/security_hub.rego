# METADATA
# title: AWS Security Hub is enabled in every collected region
# description: >-
#   AWS Security Hub is enabled in each region that was collected, so the findings of GuardDuty, Inspector,
#   Config and its own security standard checks are gathered and prioritised in one place (CIS AWS Foundations
#   5.16). A region where DescribeHub failed for another reason than Security Hub not being enabled (access
#   denied), or that was not collected, is unknown. Read from live accounts only: Terraform cannot show that
#   every region of the account has it.
# custom:
#   id: ACCT.9
#   severity: medium
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["8.16"]
#     nist-800-53-r5: ["SI-4", "CA-7"]
#     nist-csf-2.0: ["DE.AE-03"]
#     cis-aws-foundations-6.0: ["5.16"]
#   remediation: >-
#     Enable Security Hub in each listed region (aws_securityhub_account per region, or organization-wide
#     with aws_securityhub_organization_configuration from the delegated administrator), with the AWS
#     Foundational Security Best Practices or CIS standard.
package vigil.aws.account.security_hub

import data.vigil.lib

key := "securityhub_enabled"

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
		sprintf("account %q does not have AWS Security Hub enabled in %s", [lib.label(r), concat(", ", offs)]),
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
		sprintf("AWS Security Hub of account %q is unknown in some regions", [lib.label(r)]),
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
