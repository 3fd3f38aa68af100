# METADATA
# title: IAM users have no inline policies
# description: >-
#   Permissions are granted through groups or roles rather than policies embedded in a single user, so
#   access is assigned by role, reviewed in one place and removed when the role changes.
# custom:
#   id: IAM.3
#   severity: medium
#   resource_types: [aws.iam.user]
#   controls:
#     iso27001-2022: ["5.18"]
#     nist-800-53-r5: ["AC-2", "AC-3(7)"]
#     nist-csf-2.0: ["PR.AA-05"]
#     cis-aws-foundations-6.0: ["2.14"]
#     soc2-tsc-2017: ["CC6.1", "CC6.3"]
#     pci-dss-4.0.1: ["7.2.1"]
#   remediation: >-
#     Move the permissions of each aws_iam_user_policy into a policy attached to an aws_iam_group (or a
#     role the user assumes), add the user to the group with aws_iam_user_group_membership, and delete
#     the inline policy.
package vigil.aws.iam.user_inline_policies

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.iam.user")
	policies := lib.attribute(r, ["inline_policies"], [])
	not lib.empty(policies)
	not lib.is_unknown(r, "inline_policies")
	names := [lib.inline_policy_name(p) | some p in policies]
	result := {
		"resource": r.id,
		"message": sprintf("user %q has inline policies: %s", [lib.label(r), concat(", ", names)]),
		"evidence": {"inline_policies": names},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.iam.user")
	lib.is_unknown(r, "inline_policies")
	result := {
		"resource": r.id,
		"message": sprintf("inline policies of user %q are unknown", [lib.label(r)]),
		"missing": ["inline_policies"],
	}
}
