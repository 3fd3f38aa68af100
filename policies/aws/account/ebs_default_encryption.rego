# METADATA
# title: EBS encryption by default is on in every collected region
# description: >-
#   EBS encryption by default is turned on in each region that was collected, so every new volume and
#   snapshot copy there is encrypted even when whoever creates it forgets to ask (the account's regions
#   attribute lists the collected regions). A region whose setting could not be read, or was not collected,
#   is unknown; no collected region is unknown, never a pass.
# custom:
#   id: ACCT.6
#   severity: medium
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     cis-aws-foundations-6.0: ["6.1.1"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     In each listed region, turn on EBS encryption by default (aws ec2 enable-ebs-encryption-by-default
#     --region REGION, or the aws_ebs_encryption_by_default resource), optionally with a customer managed
#     default key (aws_ebs_default_kms_key).
package vigil.aws.account.ebs_default_encryption

import data.vigil.lib

key := "ebs_encryption_by_default"

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
		sprintf("account %q does not encrypt new EBS volumes by default in %s", [lib.label(r), concat(", ", offs)]),
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
		sprintf("EBS encryption by default of account %q is unknown in some regions", [lib.label(r)]),
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
