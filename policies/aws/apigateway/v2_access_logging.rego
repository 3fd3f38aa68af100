# METADATA
# title: API Gateway HTTP and WebSocket API stages write access logs
# description: >-
#   Access logs record who called which route, from where, and with what result, which investigations rely on.
# custom:
#   id: APIGW.9
#   severity: medium
#   resource_types: [aws.apigatewayv2.stage]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Add access_log_settings { destination_arn = <log group ARN>, format = ... } to the
#     aws_apigatewayv2_stage.
package vigil.aws.apigateway.v2_access_logging

import data.vigil.lib

# Absent access_log.destination_arn means no access logging.
deny contains result if {
	some r in lib.resources("aws.apigatewayv2.stage")
	not lib.is_unknown(r, "access_log.destination_arn")
	v := lib.attribute(r, ["access_log", "destination_arn"], null)
	not _ok(v)
	result := lib.failure(r, sprintf("API Gateway v2 stage %q does not write access logs", [lib.label(r)]), {"access_log.destination_arn": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.apigatewayv2.stage")
	lib.is_unknown(r, "access_log.destination_arn")
	result := lib.unknown_result(r, sprintf("access logging of API Gateway v2 stage %q is unknown", [lib.label(r)]), ["access_log.destination_arn"])
}

_ok(v) if lib.is_set(v)
