# METADATA
# title: API Gateway REST API stages write access logs
# description: >-
#   Access logs record who called which resource and method, from where, and with what result, which
#   investigations rely on; execution logs do not replace them.
# custom:
#   id: APIGW.1
#   severity: medium
#   resource_types: [aws.apigateway.stage]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Add access_log_settings { destination_arn = <log group ARN>, format = ... } to the
#     aws_api_gateway_stage.
package vigil.aws.apigateway.rest_access_logging

import data.vigil.lib

# Absent access_log.destination_arn means no access logging.
deny contains result if {
	some r in lib.resources("aws.apigateway.stage")
	not lib.is_unknown(r, "access_log.destination_arn")
	v := lib.attribute(r, ["access_log", "destination_arn"], null)
	not _ok(v)
	result := lib.failure(r, sprintf("API Gateway stage %q does not write access logs", [lib.label(r)]), {"access_log.destination_arn": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.apigateway.stage")
	lib.is_unknown(r, "access_log.destination_arn")
	result := lib.unknown_result(r, sprintf("access logging of API Gateway stage %q is unknown", [lib.label(r)]), ["access_log.destination_arn"])
}

_ok(v) if lib.is_set(v)
