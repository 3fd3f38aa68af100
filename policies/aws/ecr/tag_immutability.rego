# METADATA
# title: ECR repository image tags are immutable
# description: >-
#   With immutable tags, a tag once pushed always names the same image, so a deployment of app:1.4.2 cannot
#   silently pick up a different image pushed under that tag. IMMUTABLE_WITH_EXCLUSION (immutable except
#   tags matching the exclusion filters, such as latest) passes.
# custom:
#   id: ECR.2
#   severity: medium
#   resource_types: [aws.ecr.repository]
#   controls:
#     iso27001-2022: []
#     nist-800-53-r5: ["SI-7", "CM-14"]
#     nist-csf-2.0: ["PR.DS-01"]
#   remediation: >-
#     Set image_tag_mutability = "IMMUTABLE" on the aws_ecr_repository (or "IMMUTABLE_WITH_EXCLUSION" with
#     image_tag_mutability_exclusion_filter for tags such as latest).
package vigil.aws.ecr.tag_immutability

import data.vigil.lib

# Absent means the default: MUTABLE.
deny contains result if {
	some r in lib.resources("aws.ecr.repository")
	not object.get(r.attributes, "image_tag_mutability", "MUTABLE") in {"IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"}
	not lib.is_unknown(r, "image_tag_mutability")
	v := lib.attribute(r, ["image_tag_mutability"], "MUTABLE")
	result := {
		"resource": r.id,
		"message": sprintf("ECR repository %q has mutable image tags (%v)", [lib.label(r), v]),
		"evidence": {"image_tag_mutability": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecr.repository")
	lib.is_unknown(r, "image_tag_mutability")
	result := {
		"resource": r.id,
		"message": sprintf("tag mutability of ECR repository %q is unknown", [lib.label(r)]),
		"missing": ["image_tag_mutability"],
	}
}
