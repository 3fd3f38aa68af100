# METADATA
# title: Recovery points are copied to another account as the tier requires
# description: >-
#   A protection of the resource keeps a copy of its recovery points in a vault of another AWS account,
#   so that a compromised or closed account does not take the backups with it.
# custom:
#   id: DR.5
#   severity: medium
#   resource_types: [aws.dynamodb.table, aws.ec2.instance, aws.ec2.volume, aws.efs.file_system, aws.rds.cluster, aws.rds.instance, aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     Add a copy_action to the backup rule covering the resource whose destination_vault_arn is a vault in
#     another account.
package vigil.aws.dr.cross_account_copy

import data.vigil.lib

# The cross_account_copy objective as computed by the DR posture (input.dr, see policies/lib/dr.rego).
deny contains result if some result in lib.dr_deny("cross_account_copy")

unknown contains result if some result in lib.dr_unknown("cross_account_copy")

# The engine runs the DR rules only with a DR posture (engine.DRRulePackage); evaluated without one all
# the same, every protectable resource is not applicable, never a pass.
not_applicable contains {"resource": r.id, "message": lib.dr_undeclared_message} if {
	not lib.dr_declared
	some r in lib.dr_resources
}

not_applicable contains result if {
	lib.dr_declared
	some result in lib.dr_not_applicable("cross_account_copy")
}
