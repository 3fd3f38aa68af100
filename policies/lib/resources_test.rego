package vigil.lib_test

import data.vigil.lib

test_resources_with_unknown_without_index if {
	a := {"id": "a", "unknown": []}
	b := {"id": "b", "unknown": ["x"]}
	c := {"id": "c"}
	inp := {"by_type": {"aws.s3.bucket": [a, b, c]}}
	lib.resources_with_unknown("aws.s3.bucket") == [b] with input as inp
	lib.resources_with_unknown("aws.kms.key") == [] with input as inp
}

# The engine passes the resources with unknown paths as input.unknown_by_type; the helper reads them
# from there rather than scanning by_type.
test_resources_with_unknown_reads_the_engine_index if {
	b := {"id": "b", "unknown": ["x"]}
	inp := {"by_type": {"aws.s3.bucket": [{"id": "a", "unknown": []}, b]}, "unknown_by_type": {"aws.s3.bucket": [b]}}
	lib.resources_with_unknown("aws.s3.bucket") == [b] with input as inp
	lib.resources_with_unknown("aws.kms.key") == [] with input as inp
	lib.resources_with_unknown("aws.s3.bucket") == [] with input as {"by_type": {}, "unknown_by_type": {}}
}

test_attribute_defaults if {
	r := {"attributes": {"a": {"b": null, "c": false, "d": 0}}}
	lib.attribute(r, ["a", "b"], 7) == 7
	lib.attribute(r, ["a", "c"], true) == false
	lib.attribute(r, ["a", "d"], 1) == 0
	lib.attribute(r, ["a", "e", "f"], "x") == "x"
	lib.attribute({"id": "no attributes"}, ["a"], "x") == "x"
}

test_unknown_helpers_without_unknown_list if {
	r := {"attributes": {}}
	not lib.is_unknown(r, "a")
	not lib.unknown_within(r, "a")
	lib.unknown_paths(r, ["a", "b"]) == []
	lib.unknown_paths_within(r, ["a"]) == []
	lib.unknown_paths({"unknown": []}, ["a"]) == []
}

test_unknown_paths_keep_the_order_given if {
	r := {"unknown": ["b", "a.x"]}
	lib.unknown_paths(r, ["a", "b", "c"]) == ["b"]
	lib.unknown_paths_within(r, ["a", "b", "c"]) == ["a", "b"]
}

test_rds_scope_reads_known_identifiers if {
	lib.rds_cluster_member({"attributes": {"cluster_identifier": "c"}})
	not lib.rds_cluster_member({"attributes": {"cluster_identifier": ""}})
	not lib.rds_cluster_member({"attributes": {"cluster_identifier": null}})
	not lib.rds_cluster_member({"id": "no attributes"})
	lib.rds_read_replica({"attributes": {"replicate_source_db": "src"}})
	not lib.rds_read_replica({"attributes": {}})
}
