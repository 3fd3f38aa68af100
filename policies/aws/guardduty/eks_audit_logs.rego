# METADATA
# title: GuardDuty EKS audit log monitoring is enabled
# description: >-
#   The detector has the EKS Protection plan (EKS_AUDIT_LOGS) enabled: GuardDuty analyses the Kubernetes audit
#   logs of EKS clusters for suspicious API activity, such as anonymous access or privilege escalation.
#   Accounts without EKS clusters pay nothing for it. Terraform sets it with an aws_guardduty_detector_feature
#   (or the legacy datasources block); a plan the configuration does not set is unknown, since GuardDuty's
#   default for a new detector depends on the account.
# custom:
#   id: GD.5
#   severity: low
#   resource_types: [aws.guardduty.detector]
#   controls:
#     iso27001-2022: ["8.16"]
#     nist-800-53-r5: ["SI-4"]
#     nist-csf-2.0: ["DE.CM-09"]
#     soc2-tsc-2017: ["CC7.2"]
#   remediation: >-
#     Add an aws_guardduty_detector_feature with detector_id = aws_guardduty_detector.<name>.id,
#     name = "EKS_AUDIT_LOGS" and status = "ENABLED" (or enable the plan for the organization from the
#     delegated administrator with aws_guardduty_organization_configuration_feature).
package vigil.aws.guardduty.eks_audit_logs

import data.vigil.lib

feature := "EKS_AUDIT_LOGS"

path := sprintf("features.%s", [feature])

deny contains result if {
	some d in lib.resources("aws.guardduty.detector")
	not lib.is_unknown(d, path)
	object.get(d.attributes, ["features", feature], false) != true
	result := lib.failure(d, sprintf("GuardDuty detector %q does not have EKS Protection enabled", [lib.label(d)]), {path: object.get(d.attributes, ["features", feature], null)})
}

unknown contains result if {
	some d in lib.resources_with_unknown("aws.guardduty.detector")
	lib.is_unknown(d, path)
	result := lib.unknown_result(d, sprintf("whether GuardDuty detector %q has EKS Protection enabled is unknown", [lib.label(d)]), [path])
}
