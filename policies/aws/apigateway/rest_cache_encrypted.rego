# METADATA
# title: API Gateway REST API stage caches are encrypted
# description: >-
#   A stage with a cache cluster keeps responses, which may hold personal or secret data, on the cache;
#   methods that cache must encrypt the cached data at rest.
# custom:
#   id: APIGW.4
#   severity: medium
#   resource_types: [aws.apigateway.stage]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set settings { cache_data_encrypted = true } in every aws_api_gateway_method_settings of the stage that
#     has caching_enabled = true.
package vigil.aws.apigateway.rest_cache_encrypted

import data.vigil.lib

_list(r, key) := ls if {
	ls := r.attributes[key]
	is_array(ls)
} else := []

_wrong_list(r, key) := [key] if lib.wrong_type(r, [key], "array")
else := [sprintf("%s.%d", [key, i]) | some i, e in _list(r, key); not is_object(e)]

_clear(s) if {
	s.caching_enabled == true
	not lib.object_get(s, "cache_data_encrypted", false) == true
}

deny contains result if {
	some r in lib.resources("aws.apigateway.stage")
	r.attributes.cache_cluster_enabled == true
	clear := [{"method_path": lib.object_get(s, "method_path", null), "cache_data_encrypted": lib.object_get(s, "cache_data_encrypted", false)} | some s in _list(r, "method_settings"); _clear(s)]
	count(clear) > 0
	result := lib.failure(r, sprintf("API Gateway stage %q caches responses unencrypted", [lib.label(r)]), {"cache_cluster_enabled": true, "method_settings": clear})
}

unknown contains result if {
	some r in lib.resources("aws.apigateway.stage")
	not _denied(r)
	not _no_cache(r)
	missing := array.concat(lib.unknown_paths_within(r, ["cache_cluster_enabled", "method_settings"]), _wrong_list(r, "method_settings"))
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("cache encryption of API Gateway stage %q is unknown", [lib.label(r)]), missing)
}

_denied(r) if {
	r.attributes.cache_cluster_enabled == true
	some s in _list(r, "method_settings")
	_clear(s)
}

_no_cache(r) if {
	not lib.is_unknown(r, "cache_cluster_enabled")
	not r.attributes.cache_cluster_enabled == true
}
