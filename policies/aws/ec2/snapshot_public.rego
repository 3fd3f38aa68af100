# METADATA
# title: EBS snapshots are not public
# description: >-
#   A snapshot whose createVolumePermission includes the group "all" lets any AWS account create a volume
#   from it and read every block of the disk.
# custom:
#   id: EC2.13
#   severity: high
#   resource_types: [aws.ec2.snapshot]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3", "AC-22"]
#     nist-csf-2.0: ["PR.AA-05"]
#   remediation: >-
#     Remove the public permission (aws ec2 modify-snapshot-attribute --attribute createVolumePermission
#     --operation-type remove --group-names all), share with named accounts only (aws_snapshot_create_volume_permission),
#     and turn on aws_ebs_snapshot_block_public_access.
package vigil.aws.ec2.snapshot_public

import data.vigil.lib

# An absent or null public takes its documented default (false, docs/inventory.md).
deny contains result if {
	some r in lib.resources("aws.ec2.snapshot")
	not r.attributes.public == false
	not lib.is_unknown(r, "public")
	v := lib.attribute(r, ["public"], false)
	v != false
	result := {
		"resource": r.id,
		"message": sprintf("EBS snapshot %q is public: any AWS account can create a volume from it", [lib.label(r)]),
		"evidence": {"public": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.snapshot")
	lib.is_unknown(r, "public")
	result := {
		"resource": r.id,
		"message": sprintf("sharing of EBS snapshot %q is unknown", [lib.label(r)]),
		"missing": ["public"],
	}
}
