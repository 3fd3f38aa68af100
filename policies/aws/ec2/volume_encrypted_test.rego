package vigil.aws.ec2.volume_encrypted_test

import data.vigil.aws.ec2.volume_encrypted

volume(attrs, unknown) := {"by_type": {"aws.ec2.volume": [{"id": "aws_ebs_volume.data", "type": "aws.ec2.volume", "name": "data", "attributes": attrs, "unknown": unknown}]}}

test_encrypted_passes if {
	inp := volume({"encrypted": true, "kms_key_id": "aws_kms_key.ebs", "size": 100}, [])
	count(volume_encrypted.deny) == 0 with input as inp
	count(volume_encrypted.unknown) == 0 with input as inp
}

test_unencrypted_fails if {
	denies := volume_encrypted.deny with input as volume({"encrypted": false}, [])
	count(denies) == 1
	some d in denies
	d.message == "EBS volume \"data\" is not encrypted"
	d.evidence == {"encrypted": false}
}

test_absent_is_false if {
	count(volume_encrypted.deny) == 1 with input as volume({"size": 8}, [])
}

test_unknown_when_default_encryption_may_apply if {
	inp := volume({"encrypted": null}, ["encrypted"])
	count(volume_encrypted.deny) == 0 with input as inp
	unknowns := volume_encrypted.unknown with input as inp
	some u in unknowns
	u.missing == ["encrypted"]
}

test_from_snapshot_not_required_fails_with_the_reason if {
	inp := {"by_type": {"aws.ec2.volume": [{"id": "aws_ebs_volume.v", "type": "aws.ec2.volume", "name": "v", "attributes": {"encrypted": null}, "unknown": []}]}}
	count(volume_encrypted.unknown) == 0 with input as inp
	denies := volume_encrypted.deny with input as inp
	some d in denies
	d.message == "EBS volume \"v\" does not require encryption: the configuration does not require it (it takes its snapshot's)"
	d.evidence.encrypted == null
}
