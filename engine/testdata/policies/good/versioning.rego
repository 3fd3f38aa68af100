# METADATA
# title: Test bucket versioning
# description: Test rule.
# custom:
#   id: T.1
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
#     cis-aws-foundations-6.0: ["3.1.2"]
#   remediation: Enable versioning.
package test.versioning

unknown_path(r, p) if {
	some u in r.unknown
	u == p
}

deny contains {"resource": r.id, "message": sprintf("bucket %q has versioning disabled", [r.name]), "evidence": {"versioning.enabled": false}} if {
	some r in object.get(input.by_type, "aws.s3.bucket", [])
	not unknown_path(r, "versioning.enabled")
	r.attributes.versioning.enabled == false
}

unknown contains {"resource": r.id, "message": "versioning status is unknown", "missing": ["versioning.enabled"]} if {
	some r in object.get(input.by_type, "aws.s3.bucket", [])
	unknown_path(r, "versioning.enabled")
}
