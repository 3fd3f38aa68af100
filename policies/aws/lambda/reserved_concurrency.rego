# METADATA
# title: Lambda function has reserved concurrency
# description: >-
#   Reserved concurrency both guarantees the function capacity and caps it, so that one function flooded
#   with events cannot take the whole account's concurrency from the others, nor overwhelm the databases and
#   APIs behind it. Without it every function draws on the shared regional pool.
# custom:
#   id: LAMBDA.9
#   severity: low
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: ["8.6"]
#     nist-800-53-r5: ["SC-6"]
#     nist-csf-2.0: ["PR.IR-04"]
#     soc2-tsc-2017: ["A1.1"]
#   remediation: >-
#     Set reserved_concurrent_executions on the aws_lambda_function to the concurrency it needs (above 0: 0
#     stops every invocation).
package vigil.aws.lambda.reserved_concurrency

import data.vigil.lib

# Absent or null: unreserved (Terraform's -1, the default).
deny contains result if {
	some r in lib.resources("aws.lambda.function")
	not is_number(object.get(r.attributes, "reserved_concurrent_executions", null))
	not lib.is_unknown(r, "reserved_concurrent_executions")
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q has no reserved concurrency", [lib.label(r)]),
		"evidence": {"reserved_concurrent_executions": null},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	lib.is_unknown(r, "reserved_concurrent_executions")
	result := {
		"resource": r.id,
		"message": sprintf("reserved concurrency of Lambda function %q is unknown", [lib.label(r)]),
		"missing": ["reserved_concurrent_executions"],
	}
}
