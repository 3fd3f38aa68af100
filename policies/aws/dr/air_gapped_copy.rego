# METADATA
# title: Recovery points are copied to a logically air-gapped vault as the tier requires
# description: >-
#   A backup rule puts the resource's recovery points in a logically air-gapped vault (AWS Backup keeps
#   them in a service-owned account, locked in compliance mode), within the tier's time frame when it
#   sets one; on a live account, such a recovery point exists and is recent enough (AWS Backup Audit
#   Manager's RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT).
# custom:
#   id: DR.8
#   severity: medium
#   resource_types: [aws.dynamodb.table, aws.ec2.instance, aws.ec2.volume, aws.efs.file_system, aws.rds.cluster, aws.rds.instance, aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#   remediation: >-
#     Create an aws_backup_logically_air_gapped_vault and add a copy_action whose destination_vault_arn is
#     its arn to a backup rule that covers the resource, on a schedule whose worst gap fits the time frame.
package vigil.aws.dr.air_gapped_copy

import data.vigil.lib

# The air_gapped_copy objective as computed by the DR posture (input.dr, see policies/lib/dr.rego).
deny contains result if some result in lib.dr_deny("air_gapped_copy")

unknown contains result if some result in lib.dr_unknown("air_gapped_copy")

# The engine runs the DR rules only with a DR posture (engine.DRRulePackage); evaluated without one all
# the same, every protectable resource is not applicable, never a pass.
not_applicable contains {"resource": r.id, "message": lib.dr_undeclared_message} if {
	not lib.dr_declared
	some r in lib.dr_resources
}

not_applicable contains result if {
	lib.dr_declared
	some result in lib.dr_not_applicable("air_gapped_copy")
}
