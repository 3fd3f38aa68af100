# METADATA
# title: The resource was restored successfully within the tier's test interval
# description: >-
#   A successful restore of the resource (a restore job or a restore testing plan's run) happened within
#   the restore_test_within its DR tier declares. Without restore evidence (always, on Terraform or a
#   plan) the result is unknown, never a pass.
# custom:
#   id: DR.7
#   severity: medium
#   resource_types: [aws.dynamodb.table, aws.ec2.instance, aws.ec2.volume, aws.efs.file_system, aws.rds.cluster, aws.rds.instance, aws.s3.bucket]
#   controls:
#     iso27001-2022: ["5.30", "8.13"]
#     nist-800-53-r5: ["CP-4", "CP-9(1)"]
#     nist-csf-2.0: ["RC.RP-03"]
#     soc2-tsc-2017: ["A1.3"]
#     pci-dss-4.0.1: ["12.10.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(D)"]
#   remediation: >-
#     Add an aws_backup_restore_testing_plan whose schedule runs within the objective and whose selection
#     covers the resource; scan the live account (vigil scan --aws) to read the evidence.
package vigil.aws.dr.restore_test_within

import data.vigil.lib

# The restore_test_within objective as computed by the DR posture (input.dr, see policies/lib/dr.rego).
deny contains result if some result in lib.dr_deny("restore_test_within")

unknown contains result if some result in lib.dr_unknown("restore_test_within")

# The engine runs the DR rules only with a DR posture (engine.DRRulePackage); evaluated without one all
# the same, every protectable resource is not applicable, never a pass.
not_applicable contains {"resource": r.id, "message": lib.dr_undeclared_message} if {
	not lib.dr_declared
	some r in lib.dr_resources
}

not_applicable contains result if {
	lib.dr_declared
	some result in lib.dr_not_applicable("restore_test_within")
}
