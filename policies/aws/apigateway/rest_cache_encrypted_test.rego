package vigil.aws.apigateway.rest_cache_encrypted_test

import data.vigil.aws.apigateway.rest_cache_encrypted

res(attrs, unknown) := {"by_type": {"aws.apigateway.stage": [{"id": "res.id", "type": "aws.apigateway.stage", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_encrypted_cache_passes if {
	inp := res({"cache_cluster_enabled": true, "method_settings": [{"method_path": "*/*", "caching_enabled": true, "cache_data_encrypted": true}]}, [])
	count(rest_cache_encrypted.deny) == 0 with input as inp
	count(rest_cache_encrypted.unknown) == 0 with input as inp
}

test_unencrypted_cache_fails if {
	denies := rest_cache_encrypted.deny with input as res({"cache_cluster_enabled": true, "method_settings": [{"method_path": "*/*", "caching_enabled": true, "cache_data_encrypted": false}]}, [])
	count(denies) == 1
	some d in denies
	d.message == "API Gateway stage \"res\" caches responses unencrypted"
	d.evidence.method_settings == [{"method_path": "*/*", "cache_data_encrypted": false}]
}

test_no_cache_cluster_passes if {
	inp := res({"cache_cluster_enabled": false, "method_settings": [{"method_path": "*/*", "caching_enabled": true}]}, ["method_settings.1"])
	count(rest_cache_encrypted.deny) == 0 with input as inp
	count(rest_cache_encrypted.unknown) == 0 with input as inp
}

test_unknown_cluster_is_unknown if {
	inp := res({"method_settings": [{"method_path": "*/*", "caching_enabled": true}]}, ["cache_cluster_enabled"])
	count(rest_cache_encrypted.deny) == 0 with input as inp
	unknowns := rest_cache_encrypted.unknown with input as inp
	some u in unknowns
	u.missing == ["cache_cluster_enabled"]
}
