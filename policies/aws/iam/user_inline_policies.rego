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
#   remediation: >-
#     Move the permissions of each aws_iam_user_policy into a policy attached to an aws_iam_group (or a
#     role the user assumes), add the user to the group with aws_iam_user_group_membership, and delete
#     the inline policy.
package vigil.aws.iam.user_inline_policies

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.iam.user")
	not lib.is_unknown(r, "inline_policies")
	policies := lib.value(r, "inline_policies", [])
	count(policies) > 0
	names := [sprintf("%v", [object.get(p, "name", null)]) | some p in policies]
	result := lib.failure(
		r,
		sprintf("user %q has inline policies: %s", [lib.label(r), concat(", ", names)]),
		{"inline_policies": names},
	)
}

unknown contains result if {
	some r in lib.resources("aws.iam.user")
	lib.is_unknown(r, "inline_policies")
	result := lib.unknown_result(
		r,
		sprintf("inline policies of user %q are unknown", [lib.label(r)]),
		["inline_policies"],
	)
}
