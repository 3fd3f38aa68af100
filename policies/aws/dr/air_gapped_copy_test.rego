package vigil.aws.dr.air_gapped_copy_test

import data.vigil.aws.dr.air_gapped_copy

# One RDS instance "db" and a posture as vigil's dr package writes it (dr.Posture, keyed by id).
inv := {"aws.rds.instance": [{"id": "aws_db_instance.db", "type": "aws.rds.instance", "name": "db", "attributes": {}}]}

posture(objectives) := {"resources": {"aws_db_instance.db": {
	"resource": "aws_db_instance.db", "type": "aws.rds.instance", "tier": "gold", "system": "ledger",
	"assignment": "assigned", "objectives": objectives,
}}}

objective(status, reason) := {"status": status, "objective": "X", "achieved": "Y", "protection": "plan p rule r", "evidence": "computed", "reason": reason}

test_pass_gives_nothing if {
	inp := {"by_type": inv, "dr": posture({"air_gapped_copy": objective("pass", "")})}
	count(air_gapped_copy.deny) == 0 with input as inp
	count(air_gapped_copy.unknown) == 0 with input as inp
	count(air_gapped_copy.not_applicable) == 0 with input as inp
}

test_fail_is_denied_with_the_posture_as_evidence if {
	o := objective("fail", "too far")
	denies := air_gapped_copy.deny with input as {"by_type": inv, "dr": posture({"air_gapped_copy": o})}
	count(denies) == 1
	some d in denies
	d.resource == "aws_db_instance.db"
	d.message == "\"db\" (tier gold) misses its air_gapped_copy objective X: achieved Y (too far)"
	d.evidence == {"tier": "gold", "system": "ledger", "objective": o}
}

test_fail_without_a_reason if {
	denies := air_gapped_copy.deny with input as {"by_type": inv, "dr": posture({"air_gapped_copy": objective("fail", "")})}
	{d.message | some d in denies} == {"\"db\" (tier gold) misses its air_gapped_copy objective X: achieved Y"}
}

test_unknown_is_unknown_never_pass if {
	inp := {"by_type": inv, "dr": posture({"air_gapped_copy": objective("unknown", "no restore test evidence")})}
	count(air_gapped_copy.deny) == 0 with input as inp
	us := air_gapped_copy.unknown with input as inp
	us == {{"resource": "aws_db_instance.db", "missing": ["no restore test evidence"],
		"message": "air_gapped_copy objective X of \"db\" (tier gold) is not proven: no restore test evidence"}}
}

test_tier_without_the_objective_is_not_applicable if {
	inp := {"by_type": inv, "dr": posture({"rto": objective("fail", "other objective")})}
	count(air_gapped_copy.deny) == 0 with input as inp
	nas := air_gapped_copy.not_applicable with input as inp
	nas == {{"resource": "aws_db_instance.db", "message": "tier gold of \"db\" declares no air_gapped_copy objective"}}
}

test_no_dr_declared_is_not_applicable_for_every_protectable_resource if {
	inp := {"by_type": object.union(inv, {"aws.s3.bucket": [{"id": "b", "type": "aws.s3.bucket", "name": "b"}], "aws.iam.role": [{"id": "role", "type": "aws.iam.role", "name": "role"}]})}
	count(air_gapped_copy.deny) == 0 with input as inp
	nas := air_gapped_copy.not_applicable with input as inp
	{na.resource | some na in nas} == {"aws_db_instance.db", "b"}
}

test_resource_in_no_tier_is_not_applicable if {
	inp := {"by_type": inv, "dr": {"resources": {"aws_db_instance.db": {"resource": "aws_db_instance.db", "tier": null, "system": null, "assignment": "no objective declared", "objectives": {}}}}}
	nas := air_gapped_copy.not_applicable with input as inp
	nas == {{"resource": "aws_db_instance.db", "message": "\"db\" is in no DR tier: no DR objective declared"}}
}

test_unknown_tier_is_unknown if {
	inp := {"by_type": inv, "dr": {"resources": {"aws_db_instance.db": {"resource": "aws_db_instance.db", "tier": null, "system": null, "assignment": "unknown", "reason": "tag dr-tier is unknown", "objectives": {}}}}}
	count(air_gapped_copy.not_applicable) == 0 with input as inp
	us := air_gapped_copy.unknown with input as inp
	us == {{"resource": "aws_db_instance.db", "missing": ["dr tier"], "message": "DR tier of \"db\" is unknown: tag dr-tier is unknown"}}
}

test_resource_missing_from_the_posture_is_unknown if {
	inp := {"by_type": inv, "dr": {"resources": {}}}
	count(air_gapped_copy.not_applicable) == 0 with input as inp
	us := air_gapped_copy.unknown with input as inp
	us == {{"resource": "aws_db_instance.db", "missing": ["dr posture"], "message": "\"db\" has no DR posture"}}
}

test_live_fail_carries_the_live_evidence if {
	o := object.union(objective("fail", "the newest recovery point in a logically air-gapped vault is 9d old, more than 7d"),
		{"objective": "7d", "achieved": "25h", "live_evidence": ["newest in a logically air-gapped vault: recovery point rp-1"]})
	denies := air_gapped_copy.deny with input as {"by_type": inv, "dr": posture({"air_gapped_copy": o})}
	{d.message | some d in denies} == {"\"db\" (tier gold) misses its air_gapped_copy objective 7d: achieved 25h (the newest recovery point in a logically air-gapped vault is 9d old, more than 7d)"}
	some d in denies
	d.evidence.objective.live_evidence == ["newest in a logically air-gapped vault: recovery point rp-1"]
}
