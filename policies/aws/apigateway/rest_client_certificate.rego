# METADATA
# title: API Gateway REST API stages present a client certificate to their back end
# description: >-
#   With a client certificate the HTTP back end can verify that a request comes from API Gateway and not from
#   someone who found its address.
# custom:
#   id: APIGW.6
#   severity: low
#   resource_types: [aws.apigateway.stage]
#   controls:
#     iso27001-2022: ["8.5"]
#     nist-800-53-r5: ["IA-3"]
#     nist-csf-2.0: ["PR.AA-03"]
#   remediation: >-
#     Create an aws_api_gateway_client_certificate and set client_certificate_id on the aws_api_gateway_stage;
#     have the back end verify it.
package vigil.aws.apigateway.rest_client_certificate

import data.vigil.lib

# Absent client_certificate_id means none.
deny contains result if {
	some r in lib.resources("aws.apigateway.stage")
	not lib.is_unknown(r, "client_certificate_id")
	v := lib.attribute(r, ["client_certificate_id"], null)
	not _ok(v)
	result := lib.failure(r, sprintf("API Gateway stage %q presents no client certificate to its back end", [lib.label(r)]), {"client_certificate_id": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.apigateway.stage")
	lib.is_unknown(r, "client_certificate_id")
	result := lib.unknown_result(r, sprintf("client certificate of API Gateway stage %q is unknown", [lib.label(r)]), ["client_certificate_id"])
}

_ok(v) if lib.is_set(v)
