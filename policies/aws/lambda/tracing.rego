# METADATA
# title: Lambda function has active X-Ray tracing
# description: >-
#   Active tracing samples and records the function's invocations in AWS X-Ray, so that a failing or
#   misbehaving call can be followed through the services it touches. PassThrough (the default) records a
#   trace only when the caller started one.
# custom:
#   id: LAMBDA.5
#   severity: low
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: ["8.16"]
#     nist-800-53-r5: ["SI-4"]
#     nist-csf-2.0: ["DE.CM-09"]
#   remediation: >-
#     Add tracing_config { mode = "Active" } to the aws_lambda_function and allow xray:PutTraceSegments and
#     xray:PutTelemetryRecords to its role.
package vigil.aws.lambda.tracing

import data.vigil.lib

# Absent means the default: PassThrough.
deny contains result if {
	some r in lib.resources("aws.lambda.function")
	not r.attributes.tracing_mode == "Active"
	not lib.is_unknown(r, "tracing_mode")
	mode := lib.attribute(r, ["tracing_mode"], "PassThrough")
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q does not have active tracing (mode %v)", [lib.label(r), mode]),
		"evidence": {"tracing_mode": mode},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	lib.is_unknown(r, "tracing_mode")
	result := {
		"resource": r.id,
		"message": sprintf("tracing mode of Lambda function %q is unknown", [lib.label(r)]),
		"missing": ["tracing_mode"],
	}
}
