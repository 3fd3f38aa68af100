# METADATA
# title: S3 bucket has an enabled lifecycle rule
# description: >-
#   A lifecycle configuration expires or moves objects and old versions on a schedule, so data is not kept
#   longer than its retention needs (and noncurrent versions kept by versioning do not grow without end).
# custom:
#   id: S3.11
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.10"]
#     nist-800-53-r5: ["SI-12"]
#     nist-csf-2.0: []
#   remediation: >-
#     Add an aws_s3_bucket_lifecycle_configuration for the bucket with at least one rule whose status is
#     "Enabled" (expiration, noncurrent_version_expiration or transition, as the data's retention requires).
package vigil.aws.s3.lifecycle

import data.vigil.lib

# Absent lifecycle means the default: no rules. A rule whose enabled flag is unknown may be the enabled one.
enabled_rules(r) := [rule | some rule in rules_of(r); rule.enabled == true]

# rules_of is the list of rules; a value of another type is reported as such (wrong_type below).
rules_of(r) := v if {
	v := lib.attribute(r, ["lifecycle", "rules"], [])
	is_array(v)
} else := []

wrong_type(r) if lib.wrong_type(r, ["lifecycle"], "object")

wrong_type(r) if lib.wrong_type(r, ["lifecycle", "rules"], "array")

unknown_rule_paths(r) := [p |
	some i, _ in rules_of(r)
	p := sprintf("lifecycle.rules.%d.enabled", [i])
	lib.is_unknown(r, p)
]

# has_enabled_rule is the test most buckets stop at, written first: a bucket with an enabled rule
# passes, or has rules of the wrong type (a collection that is not a list), which wrong_type reports.
has_enabled_rule(r) if {
	some rule in r.attributes.lifecycle.rules
	rule.enabled == true
}

deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	not has_enabled_rule(r)
	not lib.unknown_within(r, "lifecycle")
	not wrong_type(r)
	count(enabled_rules(r)) == 0
	rules := rules_of(r)
	result := {
		"resource": r.id,
		"message": sprintf("S3 bucket %q has no enabled lifecycle rule", [lib.label(r)]),
		"evidence": {"lifecycle.rules": count(rules)},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	lib.unknown_within(r, "lifecycle")
	count(enabled_rules(r)) == 0
	missing := array.concat([p | p := "lifecycle.rules"; lib.is_unknown(r, p)], unknown_rule_paths(r))
	result := {
		"resource": r.id,
		"message": sprintf("lifecycle rules of S3 bucket %q are unknown", [lib.label(r)]),
		"missing": missing_or_lifecycle(missing),
	}
}

missing_or_lifecycle(m) := m if count(m) > 0

else := ["lifecycle"]

unknown contains lib.wrong_type_result(r, ["lifecycle.rules"]) if {
	some r in lib.resources("aws.s3.bucket")
	wrong_type(r)
}
