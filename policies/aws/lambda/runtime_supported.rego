# METADATA
# title: Lambda function runtime is not deprecated
# description: >-
#   The function runs on a managed runtime that AWS still supports. A deprecated runtime no longer receives
#   security patches, and functions on it can no longer be created and, later, updated. vigil judges the
#   runtime against a list of runtimes and deprecation dates shipped as data
#   (policies/lib/lambda_runtimes.rego, with its source and date); a runtime in neither of its lists is
#   unknown, and a container image, which brings its own runtime, is not applicable.
# custom:
#   id: LAMBDA.2
#   severity: high
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: ["8.8"]
#     nist-800-53-r5: ["SA-22", "SI-2"]
#     nist-csf-2.0: ["PR.PS-02"]
#     soc2-tsc-2017: ["CC7.1"]
#   remediation: >-
#     Set runtime on the aws_lambda_function to a supported runtime (for example python3.13 or nodejs22.x),
#     after testing the code on it.
package vigil.aws.lambda.runtime_supported

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.lambda.function")
	runtime := r.attributes.runtime
	since := lib.lambda_deprecated_runtimes[runtime]
	not lib.is_unknown(r, "runtime")
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q uses runtime %s, deprecated since %s", [lib.label(r), runtime, since]),
		"evidence": {"runtime": runtime, "deprecated_since": since, "runtime_list_date": lib.lambda_runtime_list_date},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	lib.is_unknown(r, "runtime")
	result := {
		"resource": r.id,
		"message": sprintf("runtime of Lambda function %q is unknown", [lib.label(r)]),
		"missing": ["runtime"],
	}
}

# A runtime vigil's list does not place cannot be judged; a Zip function without a runtime is incomplete.
unknown contains result if {
	some r in lib.resources("aws.lambda.function")
	not lib.is_unknown(r, "runtime")
	runtime := object.get(r.attributes, "runtime", null)
	not lib.lambda_deprecated_runtimes[runtime]
	not runtime in lib.lambda_supported_runtimes
	not _image(r)
	result := {
		"resource": r.id,
		"message": sprintf("runtime %v of Lambda function %q is not in vigil's runtime list of %s", [runtime, lib.label(r), lib.lambda_runtime_list_date]),
		"missing": ["runtime"],
	}
}

not_applicable contains result if {
	some r in lib.resources("aws.lambda.function")
	_image(r)
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q is a container image, which brings its own runtime", [lib.label(r)]),
	}
}

_image(r) if {
	r.attributes.package_type == "Image"
	object.get(r.attributes, "runtime", null) == null
}
