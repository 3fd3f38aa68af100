# METADATA
# title: ECR repository scans images on push
# description: >-
#   Every image pushed to the repository is scanned for known vulnerabilities (CVEs), so a vulnerable image
#   is reported before it runs. The rule reads the repository's own setting; registry-level scanning rules
#   (aws_ecr_registry_scanning_configuration), which can also scan the repository, are not read.
# custom:
#   id: ECR.1
#   severity: medium
#   resource_types: [aws.ecr.repository]
#   controls:
#     iso27001-2022: ["8.8"]
#     nist-800-53-r5: ["RA-5"]
#     nist-csf-2.0: ["ID.RA-01"]
#     soc2-tsc-2017: ["CC7.1"]
#   remediation: >-
#     Add image_scanning_configuration { scan_on_push = true } to the aws_ecr_repository, or an
#     aws_ecr_registry_scanning_configuration rule with scan_frequency = "SCAN_ON_PUSH" (or continuous
#     enhanced scanning) that matches it.
package vigil.aws.ecr.scan_on_push

import data.vigil.lib

# Absent means the default: false.
deny contains result if {
	some r in lib.resources("aws.ecr.repository")
	not r.attributes.scan_on_push == true
	not lib.is_unknown(r, "scan_on_push")
	v := lib.attribute(r, ["scan_on_push"], false)
	result := {
		"resource": r.id,
		"message": sprintf("ECR repository %q does not scan images on push", [lib.label(r)]),
		"evidence": {"scan_on_push": v},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecr.repository")
	lib.is_unknown(r, "scan_on_push")
	result := {
		"resource": r.id,
		"message": sprintf("image scanning of ECR repository %q is unknown", [lib.label(r)]),
		"missing": ["scan_on_push"],
	}
}
