# METADATA
# title: Redshift cluster has audit logging enabled
# description: >-
#   The cluster logs connections, users and user activity to S3 or CloudWatch Logs, so who connected and
#   what they ran can be reviewed.
# custom:
#   id: RS.4
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Add an aws_redshift_logging for the cluster with log_destination_type = "cloudwatch" and
#     log_exports = ["connectionlog", "userlog", "useractivitylog"] (useractivitylog also needs
#     enable_user_activity_logging = "true" in the parameter group).
package vigil.aws.redshift.audit_logging

import data.vigil.lib

# Absent logging.enabled means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.redshift.cluster")
	not r.attributes.logging.enabled == true
	not lib.is_unknown(r, "logging.enabled")
	v := lib.attribute(r, ["logging", "enabled"], false)
	result := lib.failure(r, sprintf("Redshift cluster %q has no audit logging", [lib.label(r)]), {"logging.enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.redshift.cluster")
	lib.is_unknown(r, "logging.enabled")
	result := lib.unknown_result(r, sprintf("audit logging of Redshift cluster %q is unknown", [lib.label(r)]), ["logging.enabled"])
}
