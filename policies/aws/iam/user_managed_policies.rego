# METADATA
# title: IAM users have no directly attached managed policies
# description: >-
#   Managed policies are attached to groups or roles, not to individual users, so access is assigned by
#   role and reviewed per group rather than user by user.
# custom:
#   id: IAM.4
#   severity: low
#   resource_types: [aws.iam.user]
#   controls:
#     iso27001-2022: ["5.18"]
#     nist-800-53-r5: ["AC-2", "AC-3(7)"]
#     nist-csf-2.0: ["PR.AA-05"]
#     cis-aws-foundations-6.0: ["2.14"]
#     soc2-tsc-2017: ["CC6.1", "CC6.3"]
#     pci-dss-4.0.1: ["7.2.1"]
#   remediation: >-
#     Replace aws_iam_user_policy_attachment (and aws_iam_policy_attachment users = [...]) with an
#     aws_iam_group_policy_attachment on a group the user belongs to.
package vigil.aws.iam.user_managed_policies

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.iam.user")
	arns := lib.attribute(r, ["managed_policy_arns"], [])
	not lib.empty(arns)
	not lib.is_unknown(r, "managed_policy_arns")
	result := {
		"resource": r.id,
		"message": sprintf("user %q has managed policies attached directly: %s", [lib.label(r), concat(", ", [sprintf("%v", [a]) | some a in arns])]),
		"evidence": {"managed_policy_arns": arns},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.iam.user")
	lib.is_unknown(r, "managed_policy_arns")
	result := {
		"resource": r.id,
		"message": sprintf("managed policies of user %q are unknown", [lib.label(r)]),
		"missing": ["managed_policy_arns"],
	}
}
