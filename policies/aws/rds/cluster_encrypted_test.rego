package vigil.aws.rds.cluster_encrypted_test

import data.vigil.aws.rds.cluster_encrypted

cluster(attrs, unknown) := {"by_type": {"aws.rds.cluster": [{"id": "aws_rds_cluster.aurora", "type": "aws.rds.cluster", "name": "aurora", "attributes": attrs, "unknown": unknown}]}}

test_encrypted_passes if {
	inp := cluster({"storage_encrypted": true, "engine": "aurora-postgresql"}, [])
	count(cluster_encrypted.deny) == 0 with input as inp
	count(cluster_encrypted.unknown) == 0 with input as inp
}

test_unencrypted_fails if {
	denies := cluster_encrypted.deny with input as cluster({"storage_encrypted": false, "engine_mode": "provisioned"}, [])
	count(denies) == 1
	some d in denies
	d.message == "DB cluster \"aurora\" has storage encryption disabled"
	d.evidence.storage_encrypted == false
}

test_absent_defaults_to_false_for_provisioned if {
	count(cluster_encrypted.deny) == 1 with input as cluster({"engine": "aurora-mysql"}, [])
}

test_absent_defaults_to_true_for_serverless_v1 if {
	inp := cluster({"engine_mode": "serverless"}, [])
	count(cluster_encrypted.deny) == 0 with input as inp
	count(cluster_encrypted.unknown) == 0 with input as inp
}

test_absent_with_unknown_engine_mode_is_unknown if {
	inp := cluster({}, ["engine_mode"])
	count(cluster_encrypted.deny) == 0 with input as inp
	unknowns := cluster_encrypted.unknown with input as inp
	some u in unknowns
	u.missing == ["engine_mode"]
}

test_unknown if {
	inp := cluster({"storage_encrypted": null}, ["storage_encrypted"])
	count(cluster_encrypted.deny) == 0 with input as inp
	count(cluster_encrypted.unknown) == 1 with input as inp
}
