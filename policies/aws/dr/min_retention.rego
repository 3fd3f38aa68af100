# METADATA
# title: Recovery points are kept at least as long as the tier's minimum retention
# description: >-
#   The retention that the resource's protections give (delete_after of backup rules, the native
#   retention period) is at least the min_retention its DR tier declares.
# custom:
#   id: DR.3
#   severity: medium
#   resource_types: [aws.dynamodb.table, aws.ec2.instance, aws.ec2.volume, aws.efs.file_system, aws.rds.cluster, aws.rds.instance, aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     Raise lifecycle { delete_after } of the backup rules covering the resource (or the native retention)
#     to at least the objective.
package vigil.aws.dr.min_retention

import data.vigil.lib

# The min_retention objective as computed by the DR posture (input.dr, see policies/lib/dr.rego).
deny contains result if some result in lib.dr_deny("min_retention")

unknown contains result if some result in lib.dr_unknown("min_retention")

# The engine runs the DR rules only with a DR posture (engine.DRRulePackage); evaluated without one all
# the same, every protectable resource is not applicable, never a pass.
not_applicable contains {"resource": r.id, "message": lib.dr_undeclared_message} if {
	not lib.dr_declared
	some r in lib.dr_resources
}

not_applicable contains result if {
	lib.dr_declared
	some result in lib.dr_not_applicable("min_retention")
}
