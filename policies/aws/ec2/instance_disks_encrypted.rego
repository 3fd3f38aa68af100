# METADATA
# title: EC2 instance root and EBS block devices are encrypted
# description: >-
#   Every EBS volume an instance launches with (root device and additional block devices) is encrypted
#   at rest.
# custom:
#   id: EC2.6
#   severity: high
#   resource_types: [aws.ec2.instance]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-28", "SC-28(1)"]
#     nist-csf-2.0: ["PR.DS-01"]
#     soc2-tsc-2017: ["CC6.1"]
#     hipaa-security-rule: ["164.312(a)(2)(iv)"]
#   remediation: >-
#     Set encrypted = true (and kms_key_id) in the instance's root_block_device and in every
#     ebs_block_device, or enable aws_ebs_encryption_by_default for the account and region.
package vigil.aws.ec2.instance_disks_encrypted

import data.vigil.lib

# Devices known not to be encrypted. A root encrypted flag that is null (or absent) is not required by
# the configuration: it leaves encryption to the AMI's snapshot and declares no account default
# (aws_ebs_encryption_by_default), which the control asks to require.
unencrypted(r) := array.concat(root, others) if {
	root := [{"device": "root", "encrypted": v} |
		not lib.is_unknown(r, "root_block_device.encrypted")
		v := lib.value(r, "root_block_device.encrypted", null)
		v != true
	]
	others := [{"device": lib.object_get(d, "device_name", sprintf("ebs_block_devices[%d]", [i])), "encrypted": v} |
		some i, d in lib.value(r, "ebs_block_devices", [])
		not lib.is_unknown(r, sprintf("ebs_block_devices.%d.encrypted", [i]))
		v := lib.object_get(d, "encrypted", false)
		v != true
	]
}

device_label(f) := sprintf("%v (encryption not required by the configuration)", [f.device]) if {
	f.encrypted == null
} else := sprintf("%v", [f.device])

# may_be_unencrypted is true unless the root device and every EBS device say encrypted: only those
# instances need the full check.
may_be_unencrypted(r) if not r.attributes.root_block_device.encrypted == true

may_be_unencrypted(r) if {
	some d in r.attributes.ebs_block_devices
	not d.encrypted == true
}

deny contains result if {
	some r in lib.resources("aws.ec2.instance")
	may_be_unencrypted(r)
	found := unencrypted(r)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("EC2 instance %q has unencrypted block devices: %s", [lib.label(r), concat(", ", [device_label(f) | some f in found])]),
		"evidence": {"unencrypted_devices": found},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.instance")
	missing := lib.unknown_paths_within(r, ["root_block_device.encrypted", "ebs_block_devices"])
	count(missing) > 0
	count(unencrypted(r)) == 0
	result := {
		"resource": r.id,
		"message": sprintf("block device encryption of EC2 instance %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
