# METADATA
# title: API Gateway REST API stages have X-Ray tracing enabled
# description: >-
#   Active tracing follows each request through API Gateway and the services behind it, so latency, errors and
#   unusual call paths can be seen and investigated.
# custom:
#   id: APIGW.3
#   severity: low
#   resource_types: [aws.apigateway.stage]
#   controls:
#     iso27001-2022: ["8.16"]
#     nist-800-53-r5: ["SI-4"]
#     nist-csf-2.0: ["DE.CM-09"]
#   remediation: >-
#     Set xray_tracing_enabled = true on the aws_api_gateway_stage.
package vigil.aws.apigateway.rest_xray_tracing

import data.vigil.lib

# Absent xray_tracing_enabled means the default: false.
deny contains result if {
	some r in lib.resources("aws.apigateway.stage")
	not r.attributes.xray_tracing_enabled == true
	not lib.is_unknown(r, "xray_tracing_enabled")
	v := lib.attribute(r, ["xray_tracing_enabled"], false)
	not _ok(v)
	result := lib.failure(r, sprintf("API Gateway stage %q does not trace requests with X-Ray", [lib.label(r)]), {"xray_tracing_enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.apigateway.stage")
	lib.is_unknown(r, "xray_tracing_enabled")
	result := lib.unknown_result(r, sprintf("X-Ray tracing of API Gateway stage %q is unknown", [lib.label(r)]), ["xray_tracing_enabled"])
}

_ok(v) if v == true
