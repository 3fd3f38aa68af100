# METADATA
# title: S3 Block Public Access is on for the whole account
# description: >-
#   All four account-level S3 Block Public Access settings are on, so no bucket of the account, present
#   or future, can be made public by an ACL or a bucket policy, whatever its own settings say. An account
#   without the configuration blocks nothing.
# custom:
#   id: ACCT.4
#   severity: high
#   resource_types: [aws.account]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3", "AC-22"]
#     nist-csf-2.0: ["PR.AA-05"]
#     cis-aws-foundations-6.0: ["3.1.4"]
#     soc2-tsc-2017: ["CC6.1", "CC6.6"]
#     pci-dss-4.0.1: ["1.4.4"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Turn on all four settings for the account (aws s3control put-public-access-block --account-id ID
#     --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true,
#     or the aws_s3_account_public_access_block resource); serve public content through CloudFront instead.
package vigil.aws.account.s3_public_access_block

import data.vigil.lib

settings := [
	"s3_public_access_block.block_public_acls",
	"s3_public_access_block.block_public_policy",
	"s3_public_access_block.ignore_public_acls",
	"s3_public_access_block.restrict_public_buckets",
]

# aws.account is read from live accounts only; an absent setting was not collected: unknown.
setting(r, s) := object.get(r, array.concat(["attributes"], split(s, ".")), null)

known(r, s) if {
	not lib.is_unknown(r, s)
	is_boolean(setting(r, s))
}

off(r) := [s | some s in settings; known(r, s); setting(r, s) == false]

deny contains result if {
	some r in lib.resources("aws.account")
	offs := off(r)
	count(offs) > 0
	result := lib.failure(
		r,
		sprintf("account %q does not block public access to S3: %s not true", [lib.label(r), concat(", ", [trim_prefix(s, "s3_public_access_block.") | some s in offs])]),
		{s: setting(r, s) | some s in settings; known(r, s)},
	)
}

unknown contains result if {
	some r in lib.resources("aws.account")
	count(off(r)) == 0
	missing := [s | some s in settings; not known(r, s)]
	count(missing) > 0
	result := lib.unknown_result(
		r,
		sprintf("account-level S3 Block Public Access settings of account %q are unknown", [lib.label(r)]),
		missing,
	)
}
