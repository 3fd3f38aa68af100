package vigil.aws.kms.rotation_test

import data.vigil.aws.kms.rotation

key(attrs, unknown) := {"by_type": {"aws.kms.key": [{"id": "aws_kms_key.data", "type": "aws.kms.key", "name": "data", "attributes": attrs, "unknown": unknown}]}}

test_rotation_enabled_passes if {
	inp := key({"rotation_enabled": true, "key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT"}, [])
	count(rotation.deny) == 0 with input as inp
	count(rotation.unknown) == 0 with input as inp
}

test_rotation_disabled_fails if {
	denies := rotation.deny with input as key({"rotation_enabled": false}, [])
	count(denies) == 1
	some d in denies
	d.message == "KMS key \"data\" has automatic key rotation disabled"
	d.evidence == {"rotation_enabled": false, "key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT"}
}

test_default_symmetric_key_without_rotation_fails if {
	count(rotation.deny) == 1 with input as key({}, [])
}

test_asymmetric_key_is_out_of_scope if {
	inp := key({"key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY", "rotation_enabled": false}, [])
	count(rotation.deny) == 0 with input as inp
	count(rotation.unknown) == 0 with input as inp
}

test_hmac_key_is_out_of_scope if {
	inp := key({"key_spec": "HMAC_256", "key_usage": "GENERATE_VERIFY_MAC"}, [])
	count(rotation.deny) == 0 with input as inp
	count(rotation.unknown) == 0 with input as inp
}

test_unknown_spec_with_rotation_off_is_unknown if {
	inp := key({"rotation_enabled": false}, ["key_spec"])
	count(rotation.deny) == 0 with input as inp
	unknowns := rotation.unknown with input as inp
	some u in unknowns
	u.missing == ["key_spec"]
}

test_unknown_spec_with_rotation_on_passes if {
	inp := key({"rotation_enabled": true}, ["key_spec"])
	count(rotation.unknown) == 0 with input as inp
}

test_unknown_rotation if {
	inp := key({}, ["rotation_enabled"])
	count(rotation.deny) == 0 with input as inp
	count(rotation.unknown) == 1 with input as inp
}

test_key_material_not_from_kms_is_out_of_scope if {
	every origin in ["EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"] {
		inp := key({"rotation_enabled": false, "key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT", "origin": origin}, [])
		count(rotation.deny) == 0 with input as inp
		count(rotation.unknown) == 0 with input as inp
	}
}

test_kms_generated_key_without_rotation_fails if {
	count(rotation.deny) == 1 with input as key({"rotation_enabled": false, "origin": "AWS_KMS"}, [])
}

test_unknown_origin_with_rotation_off_is_unknown if {
	inp := key({"rotation_enabled": false}, ["origin"])
	count(rotation.deny) == 0 with input as inp
	unknowns := rotation.unknown with input as inp
	some u in unknowns
	u.missing == ["origin"]
}

test_replica_of_unknown_primary_is_unknown if {
	inp := key({"origin": "AWS_KMS", "multi_region": true}, ["key_spec", "key_usage", "rotation_enabled"])
	count(rotation.deny) == 0 with input as inp
	unknowns := rotation.unknown with input as inp
	some u in unknowns
	{p | some p in u.missing} == {"key_spec", "key_usage", "rotation_enabled"}
}

test_asymmetric_key_is_not_applicable if {
	inp := key({"key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY", "rotation_enabled": false}, [])
	rotation.not_applicable == {{
		"resource": "aws_kms_key.data",
		"message": "KMS key \"data\" does not support automatic rotation (key_spec RSA_2048, key_usage SIGN_VERIFY, origin AWS_KMS)",
	}} with input as inp
}

test_symmetric_key_is_applicable if {
	count(rotation.not_applicable) == 0 with input as key({"rotation_enabled": false}, [])
}

test_unknown_key_spec_is_not_not_applicable if {
	count(rotation.not_applicable) == 0 with input as key({"rotation_enabled": false}, ["key_spec"])
}

test_key_pending_deletion_is_not_applicable if {
	inp := key({"pending_deletion": true, "key_state": "PendingDeletion"}, ["rotation_enabled"])
	count(rotation.deny) == 0 with input as inp
	count(rotation.unknown) == 0 with input as inp
	rotation.not_applicable == {{"resource": "aws_kms_key.data", "message": "KMS key \"data\" is pending deletion"}} with input as inp
}

test_key_not_pending_deletion_is_judged if {
	count(rotation.deny) == 1 with input as key({"pending_deletion": false, "rotation_enabled": false}, [])
}
