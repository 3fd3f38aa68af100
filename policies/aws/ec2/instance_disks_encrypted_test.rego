package vigil.aws.ec2.instance_disks_encrypted_test

import data.vigil.aws.ec2.instance_disks_encrypted

instance(attrs, unknown) := {"by_type": {"aws.ec2.instance": [{"id": "aws_instance.web", "type": "aws.ec2.instance", "name": "web", "attributes": attrs, "unknown": unknown}]}}

test_all_encrypted_passes if {
	inp := instance({"root_block_device": {"encrypted": true}, "ebs_block_devices": [{"device_name": "/dev/sdf", "encrypted": true}]}, [])
	count(instance_disks_encrypted.deny) == 0 with input as inp
	count(instance_disks_encrypted.unknown) == 0 with input as inp
}

test_unencrypted_data_device_fails if {
	inp := instance({"root_block_device": {"encrypted": true}, "ebs_block_devices": [{"device_name": "/dev/sdf", "encrypted": false}]}, [])
	denies := instance_disks_encrypted.deny with input as inp
	count(denies) == 1
	some d in denies
	d.message == "EC2 instance \"web\" has unencrypted block devices: /dev/sdf"
	d.evidence.unencrypted_devices == [{"device": "/dev/sdf", "encrypted": false}]
}

test_absent_root_flag_fails if {
	denies := instance_disks_encrypted.deny with input as instance({"ebs_block_devices": []}, [])
	some d in denies
	d.evidence.unencrypted_devices == [{"device": "root", "encrypted": null}]
}

# Not set, and no account default: the configuration does not require encryption.
test_root_not_required_fails_with_the_reason if {
	inp := instance({"root_block_device": {"encrypted": null}, "ebs_block_devices": []}, [])
	count(instance_disks_encrypted.unknown) == 0 with input as inp
	denies := instance_disks_encrypted.deny with input as inp
	some d in denies
	d.message == "EC2 instance \"web\" has unencrypted block devices: root (encryption not required by the configuration)"
}

test_unknown_root if {
	inp := instance({"root_block_device": {"encrypted": null}}, ["root_block_device"])
	count(instance_disks_encrypted.deny) == 0 with input as inp
	unknowns := instance_disks_encrypted.unknown with input as inp
	some u in unknowns
	u.missing == ["root_block_device.encrypted"]
}

test_unknown_device_with_known_bad_root_is_denied_only if {
	inp := instance({"root_block_device": {"encrypted": false}, "ebs_block_devices": [{"device_name": "/dev/sdf", "encrypted": null}]}, ["ebs_block_devices.0.encrypted"])
	denies := instance_disks_encrypted.deny with input as inp
	some d in denies
	d.evidence.unencrypted_devices == [{"device": "root", "encrypted": false}]
	count(instance_disks_encrypted.unknown) == 0 with input as inp
}

test_devices_of_the_wrong_type_fail if {
	inp := instance({"root_block_device": {"encrypted": true}, "ebs_block_devices": [5, {"device_name": "/dev/sdf", "encrypted": "yes"}]}, [])
	count(instance_disks_encrypted.deny) == 1 with input as inp
}
