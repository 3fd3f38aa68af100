# METADATA
# title: Recovery points are kept in a locked vault as the tier requires
# description: >-
#   The vault holding the resource's recovery points has a vault lock (in compliance mode when the tier
#   asks for compliance), so that recovery points cannot be deleted before their retention ends.
# custom:
#   id: DR.6
#   severity: medium
#   resource_types: [aws.dynamodb.table, aws.ec2.instance, aws.ec2.volume, aws.efs.file_system, aws.rds.cluster, aws.rds.instance, aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"]
#   remediation: >-
#     Add an aws_backup_vault_lock_configuration to the vault the resource's backup rule targets
#     (changeable_for_days set for compliance mode).
package vigil.aws.dr.vault_lock

import data.vigil.lib

# The vault_lock objective as computed by the DR posture (input.dr, see policies/lib/dr.rego).
deny contains result if some result in lib.dr_deny("vault_lock")

unknown contains result if some result in lib.dr_unknown("vault_lock")

# The engine runs the DR rules only with a DR posture (engine.DRRulePackage); evaluated without one all
# the same, every protectable resource is not applicable, never a pass.
not_applicable contains {"resource": r.id, "message": lib.dr_undeclared_message} if {
	not lib.dr_declared
	some r in lib.dr_resources
}

not_applicable contains result if {
	lib.dr_declared
	some result in lib.dr_not_applicable("vault_lock")
}
