# METADATA
# title: Test verdict shapes
# custom:
#   id: T.20
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
#     nist-800-53-r5: ["CP-9"]
#     nist-csf-2.0: ["PR.DS-11"]
package test.verdicts

# Two verdicts on one bucket: their messages are joined and their evidence merged.
deny contains {"resource": r.id, "message": "first", "evidence": {"n": 1.5, "list": [1, "a", null, true], "set": {"x", "y"}}} if {
	some r in input.by_type["aws.s3.bucket"]
	r.name == "b"
}

deny contains {"resource": r.id, "message": "second", "evidence": {"big": 12345678901234567890}} if {
	some r in input.by_type["aws.s3.bucket"]
	r.name == "b"
}

# An unknown verdict with null evidence and missing paths in any order.
unknown contains {"resource": r.id, "message": "unknown", "evidence": null, "missing": ["z", "a"]} if {
	some r in input.by_type["aws.s3.bucket"]
	r.name == "c"
}
