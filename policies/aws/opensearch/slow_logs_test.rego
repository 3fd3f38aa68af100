package vigil.aws.opensearch.slow_logs_test

import data.vigil.aws.opensearch.slow_logs

res(attrs, unknown) := {"by_type": {"aws.opensearch.domain": [{"id": "res.id", "type": "aws.opensearch.domain", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_both_published_passes if {
	inp := res({"logs": {"index_slow": true, "search_slow": true, "audit": false}}, [])
	count(slow_logs.deny) == 0 with input as inp
	count(slow_logs.unknown) == 0 with input as inp
}

test_missing_slow_logs_fail if {
	denies := slow_logs.deny with input as res({"logs": {"index_slow": true, "search_slow": false}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "res.id"
	d.message == "OpenSearch domain \"res\" does not publish its search slow logs"
	d.evidence == {"logs.search_slow": false}
	some both in slow_logs.deny with input as res({}, [])
	both.message == "OpenSearch domain \"res\" does not publish its index slow and search slow logs"
}

test_unknown_is_unknown if {
	inp := res({"logs": {"index_slow": true, "search_slow": null}}, ["logs.search_slow"])
	count(slow_logs.deny) == 0 with input as inp
	unknowns := slow_logs.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["logs.search_slow"]
}

test_known_missing_beside_unknown_fails if {
	inp := res({"logs": {"index_slow": false, "search_slow": null}}, ["logs.search_slow"])
	count(slow_logs.deny) == 1 with input as inp
	count(slow_logs.unknown) == 0 with input as inp
}
