# METADATA
# title: ECR repository has a lifecycle policy
# description: >-
#   A lifecycle policy expires old and untagged images, so the repository does not keep every image ever
#   pushed, outdated vulnerable ones included, longer than they are needed.
# custom:
#   id: ECR.5
#   severity: low
#   resource_types: [aws.ecr.repository]
#   controls:
#     iso27001-2022: ["8.10"]
#     nist-800-53-r5: ["SI-12"]
#     nist-csf-2.0: []
#   remediation: >-
#     Add an aws_ecr_lifecycle_policy for the repository that expires untagged images after a few days and
#     keeps only the last N tagged images.
package vigil.aws.ecr.lifecycle_policy

import data.vigil.lib

# Absent means none attached.
deny contains result if {
	some r in lib.resources("aws.ecr.repository")
	not r.attributes.lifecycle_policy.configured == true
	not lib.is_unknown(r, "lifecycle_policy.configured")
	result := {
		"resource": r.id,
		"message": sprintf("ECR repository %q has no lifecycle policy", [lib.label(r)]),
		"evidence": {"lifecycle_policy.configured": false},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecr.repository")
	lib.is_unknown(r, "lifecycle_policy.configured")
	result := {
		"resource": r.id,
		"message": sprintf("lifecycle policy of ECR repository %q is unknown", [lib.label(r)]),
		"missing": ["lifecycle_policy.configured"],
	}
}
