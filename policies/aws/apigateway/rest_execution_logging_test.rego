package vigil.aws.apigateway.rest_execution_logging_test

import data.vigil.aws.apigateway.rest_execution_logging

res(attrs, unknown) := {"by_type": {"aws.apigateway.stage": [{"id": "res.id", "type": "aws.apigateway.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

setting(path, level) := {"method_path": path, "logging_level": level}

test_error_logging_passes if {
	inp := res({"method_settings": [setting("*/*", "ERROR")]}, [])
	count(rest_execution_logging.deny) == 0 with input as inp
	count(rest_execution_logging.unknown) == 0 with input as inp
}

test_no_settings_fails if {
	denies := rest_execution_logging.deny with input as res({"method_settings": []}, [])
	count(denies) == 1
	some d in denies
	d.message == "API Gateway stage \"res\" does not write execution logs for all methods"
	d.evidence.method_settings == []
}

test_absent_settings_fail if {
	count(rest_execution_logging.deny) == 1 with input as res({}, [])
}

test_logging_off_or_for_one_method_fails if {
	count(rest_execution_logging.deny) == 1 with input as res({"method_settings": [setting("*/*", "OFF"), setting("orders/GET", "INFO")]}, [])
}

test_unknown_settings_are_unknown if {
	inp := res({"method_settings": null}, ["method_settings"])
	count(rest_execution_logging.deny) == 0 with input as inp
	unknowns := rest_execution_logging.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["method_settings"]
}

test_known_logging_wins_over_unknown if {
	inp := res({"method_settings": [setting("*/*", "INFO"), setting("x/GET", null)]}, ["method_settings.1.logging_level"])
	count(rest_execution_logging.unknown) == 0 with input as inp
}
