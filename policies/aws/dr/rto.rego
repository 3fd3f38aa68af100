# METADATA
# title: Protectable resources meet their tier's recovery time objective
# description: >-
#   The duration of the latest successful restore of the resource is within the rto its DR tier
#   declares. Without restore evidence (always, on Terraform or a plan) the result is unknown, never a
#   pass.
# custom:
#   id: DR.2
#   severity: high
#   resource_types: [aws.dynamodb.table, aws.ec2.instance, aws.ec2.volume, aws.efs.file_system, aws.rds.cluster, aws.rds.instance, aws.s3.bucket]
#   controls:
#     iso27001-2022: ["5.30"]
#     nist-800-53-r5: ["CP-4", "CP-10"]
#     nist-csf-2.0: ["PR.IR-03"]
#     soc2-tsc-2017: ["A1.3"]
#     hipaa-security-rule: ["164.308(a)(7)(ii)(B)", "164.308(a)(7)(ii)(D)"]
#   remediation: >-
#     Run restores of the resource (an aws_backup_restore_testing_plan with a selection covering it) and
#     bring their duration under the objective; scan the live account (vigil scan --aws) to read the
#     evidence.
package vigil.aws.dr.rto

import data.vigil.lib

# The rto objective as computed by the DR posture (input.dr, see policies/lib/dr.rego).
deny contains result if some result in lib.dr_deny("rto")

unknown contains result if some result in lib.dr_unknown("rto")

# The engine runs the DR rules only with a DR posture (engine.DRRulePackage); evaluated without one all
# the same, every protectable resource is not applicable, never a pass.
not_applicable contains {"resource": r.id, "message": lib.dr_undeclared_message} if {
	not lib.dr_declared
	some r in lib.dr_resources
}

not_applicable contains result if {
	lib.dr_declared
	some result in lib.dr_not_applicable("rto")
}
