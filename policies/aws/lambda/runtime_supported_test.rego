package vigil.aws.lambda.runtime_supported_test

import data.vigil.aws.lambda.runtime_supported

res(attrs, unknown) := {"by_type": {"aws.lambda.function": [{"id": "res.id", "type": "aws.lambda.function", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_supported_runtime_passes if {
	inp := res({"runtime": "python3.13", "package_type": "Zip"}, [])
	count(runtime_supported.deny) == 0 with input as inp
	count(runtime_supported.unknown) == 0 with input as inp
	count(runtime_supported.not_applicable) == 0 with input as inp
}

test_deprecated_runtime_fails if {
	denies := runtime_supported.deny with input as res({"runtime": "nodejs16.x", "package_type": "Zip"}, [])
	count(denies) == 1
	some d in denies
	d.message == "Lambda function \"res\" uses runtime nodejs16.x, deprecated since 2024-06-12"
	d.evidence == {"runtime": "nodejs16.x", "deprecated_since": "2024-06-12", "runtime_list_date": "2026-12-07"}
}

test_unlisted_runtime_is_unknown if {
	inp := res({"runtime": "java17", "package_type": "Zip"}, [])
	count(runtime_supported.deny) == 0 with input as inp
	unknowns := runtime_supported.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.message == "runtime java17 of Lambda function \"res\" is not in vigil's runtime list of 2026-12-07"
}

test_unknown_runtime_is_unknown if {
	inp := res({"runtime": null, "package_type": "Zip"}, ["runtime"])
	count(runtime_supported.deny) == 0 with input as inp
	count(runtime_supported.unknown) == 1 with input as inp
}

test_container_image_is_not_applicable if {
	inp := res({"runtime": null, "package_type": "Image"}, [])
	count(runtime_supported.deny) == 0 with input as inp
	count(runtime_supported.unknown) == 0 with input as inp
	count(runtime_supported.not_applicable) == 1 with input as inp
}
