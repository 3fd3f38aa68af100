# METADATA
# title: OpenSearch domain publishes audit logs to CloudWatch Logs
# description: >-
#   The domain publishes its audit log (authentication successes and failures, requests to the REST API
#   and indices) to CloudWatch Logs.
# custom:
#   id: OS.7
#   severity: medium
#   resource_types: [aws.opensearch.domain]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Add log_publishing_options { log_type = "AUDIT_LOGS" cloudwatch_log_group_arn =
#     aws_cloudwatch_log_group.audit.arn } to the aws_opensearch_domain (audit logs need fine-grained
#     access control), with an aws_cloudwatch_log_resource_policy that lets es.amazonaws.com write.
package vigil.aws.opensearch.audit_logs

import data.vigil.lib

# Absent logs.audit means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.opensearch.domain")
	not r.attributes.logs.audit == true
	not lib.is_unknown(r, "logs.audit")
	v := lib.attribute(r, ["logs", "audit"], false)
	result := lib.failure(r, sprintf("OpenSearch domain %q does not publish audit logs", [lib.label(r)]), {"logs.audit": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.opensearch.domain")
	lib.is_unknown(r, "logs.audit")
	result := lib.unknown_result(r, sprintf("audit logs of OpenSearch domain %q is unknown", [lib.label(r)]), ["logs.audit"])
}
