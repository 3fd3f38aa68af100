# METADATA
# title: EC2 instances use an IAM instance profile
# description: >-
#   Every EC2 instance has an IAM instance profile (role), so software on it gets short-lived credentials
#   that AWS rotates, rather than long-term access keys copied onto the instance. The rule checks that a
#   profile is attached, not what its role may do (IAM.1/IAM.2 judge that).
# custom:
#   id: EC2.8
#   severity: medium
#   resource_types: [aws.ec2.instance]
#   controls:
#     iso27001-2022: ["5.17"]
#     nist-800-53-r5: ["IA-5"]
#     nist-csf-2.0: ["PR.AA-01"]
#     cis-aws-foundations-6.0: ["2.17"]
#   remediation: >-
#     Create an aws_iam_role trusted by ec2.amazonaws.com with the permissions the software needs, an
#     aws_iam_instance_profile for it, and set iam_instance_profile on the aws_instance (or its launch
#     template); then remove any access keys stored on the instance.
package vigil.aws.ec2.instance_profile

import data.vigil.lib

# Absent or null: no instance profile.
deny contains result if {
	some r in lib.resources("aws.ec2.instance")
	not lib.is_set(object.get(r.attributes, "iam_instance_profile", null))
	not lib.is_unknown(r, "iam_instance_profile")
	result := {
		"resource": r.id,
		"message": sprintf("EC2 instance %q has no IAM instance profile", [lib.label(r)]),
		"evidence": {"iam_instance_profile": object.get(r.attributes, "iam_instance_profile", null)},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ec2.instance")
	lib.is_unknown(r, "iam_instance_profile")
	result := {
		"resource": r.id,
		"message": sprintf("IAM instance profile of EC2 instance %q is unknown (a launch template may set it)", [lib.label(r)]),
		"missing": ["iam_instance_profile"],
	}
}
