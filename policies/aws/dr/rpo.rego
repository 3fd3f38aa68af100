# METADATA
# title: Protectable resources meet their tier's recovery point objective
# description: >-
#   The worst-case gap between recovery points that the resource's protections give (the largest gap
#   between scheduled backups over a year, plus the start window; or the native point-in-time
#   granularity) is within the rpo its DR tier declares in vigil.hcl. Computed by vigil's DR posture
#   (docs/dr.md); a resource nothing protects fails.
# custom:
#   id: DR.1
#   severity: high
#   resource_types: [aws.dynamodb.table, aws.ec2.instance, aws.ec2.volume, aws.efs.file_system, aws.rds.cluster, aws.rds.instance, aws.s3.bucket]
#   controls:
#     iso27001-2022: ["5.30", "8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     soc2-tsc-2017: ["A1.2"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(A)"]
#   remediation: >-
#     Add the resource to a backup plan (aws_backup_selection) whose rule's schedule_expression has no gap
#     longer than the objective, or enable a native continuous protection (RDS automated backups, DynamoDB
#     point-in-time recovery, a continuous AWS Backup rule).
package vigil.aws.dr.rpo

import data.vigil.lib

# The rpo objective as computed by the DR posture (input.dr, see policies/lib/dr.rego).
deny contains result if some result in lib.dr_deny("rpo")

unknown contains result if some result in lib.dr_unknown("rpo")

# The engine runs the DR rules only with a DR posture (engine.DRRulePackage); evaluated without one all
# the same, every protectable resource is not applicable, never a pass.
not_applicable contains {"resource": r.id, "message": lib.dr_undeclared_message} if {
	not lib.dr_declared
	some r in lib.dr_resources
}

not_applicable contains result if {
	lib.dr_declared
	some result in lib.dr_not_applicable("rpo")
}
