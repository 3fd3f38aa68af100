package vigil.aws.rds.cluster_deletion_protection_test

import data.vigil.aws.rds.cluster_deletion_protection

cluster(attrs, unknown) := {"by_type": {"aws.rds.cluster": [{"id": "aws_rds_cluster.aurora", "type": "aws.rds.cluster", "name": "aurora", "attributes": attrs, "unknown": unknown}]}}

test_protected_passes if {
	inp := cluster({"deletion_protection": true}, [])
	count(cluster_deletion_protection.deny) == 0 with input as inp
	count(cluster_deletion_protection.unknown) == 0 with input as inp
}

test_unprotected_fails if {
	denies := cluster_deletion_protection.deny with input as cluster({"deletion_protection": false}, [])
	count(denies) == 1
	some d in denies
	d.message == "DB cluster \"aurora\" has deletion protection disabled"
	d.evidence.deletion_protection == false
}

test_default_and_null_are_off if {
	count(cluster_deletion_protection.deny) == 1 with input as cluster({}, [])
	count(cluster_deletion_protection.deny) == 1 with input as cluster({"deletion_protection": null}, [])
}

test_unknown if {
	inp := cluster({}, ["deletion_protection"])
	count(cluster_deletion_protection.deny) == 0 with input as inp
	count(cluster_deletion_protection.unknown) == 1 with input as inp
}
