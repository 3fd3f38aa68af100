package vigil.aws.rds.instance_public_test

import data.vigil.aws.rds.instance_public

db(attrs, unknown) := {"by_type": {"aws.rds.instance": [{"id": "aws_db_instance.main", "type": "aws.rds.instance", "name": "main", "attributes": attrs, "unknown": unknown}]}}

test_private_passes if {
	inp := db({"publicly_accessible": false}, [])
	count(instance_public.deny) == 0 with input as inp
	count(instance_public.unknown) == 0 with input as inp
}

test_default_is_private if {
	count(instance_public.deny) == 0 with input as db({}, [])
}

test_public_fails if {
	denies := instance_public.deny with input as db({"publicly_accessible": true}, [])
	count(denies) == 1
	some d in denies
	d.message == "DB instance \"main\" is publicly accessible"
	d.evidence.publicly_accessible == true
}

test_public_aurora_member_fails if {
	count(instance_public.deny) == 1 with input as db({"publicly_accessible": true, "cluster_identifier": "aws_rds_cluster.a"}, [])
}

test_unknown if {
	inp := db({}, ["publicly_accessible"])
	count(instance_public.deny) == 0 with input as inp
	count(instance_public.unknown) == 1 with input as inp
}
