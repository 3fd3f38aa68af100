# METADATA
# title: AWS Config records configuration in every collected region
# description: >-
#   An AWS Config configuration recorder is recording in each region that was collected, so every
#   resource change there is kept in a configuration history that investigations and audits can rely on
#   (the account's regions attribute lists the collected regions). A region whose recorder state could not
#   be read, or was not collected, is unknown; no collected region is unknown, never a pass.
# custom:
#   id: ACCT.5
#   severity: medium
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["8.9"]
#     nist-800-53-r5: ["CM-8", "CM-8(2)"]
#     nist-csf-2.0: ["ID.AM-02", "PR.PS-01"]
#     cis-aws-foundations-6.0: ["4.3"]
#     soc2-tsc-2017: ["CC7.1"]
#     pci-dss-4.0.1: ["12.5.1"]
#   remediation: >-
#     In each listed region, create a configuration recorder that records all supported resource types
#     and a delivery channel, then start it (aws configservice start-configuration-recorder, or the
#     aws_config_configuration_recorder and aws_config_configuration_recorder_status resources); use an
#     AWS Config conformance pack or Control Tower to do it across an organization.
package vigil.aws.account.config_recorder

import data.vigil.lib

key := "config_recorder_on"

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
		sprintf("account %q has no AWS Config recorder recording in %s", [lib.label(r), concat(", ", offs)]),
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
		sprintf("AWS Config recorder state of account %q is unknown in some regions", [lib.label(r)]),
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
