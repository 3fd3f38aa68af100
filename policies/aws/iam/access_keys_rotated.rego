# METADATA
# title: Active IAM access keys are rotated within 90 days
# description: >-
#   Every active access key of an IAM user was created no more than 90 days ago, so a key that leaked
#   unnoticed stops working within a bounded time. The age is counted when the credential report was
#   generated (live scans); Terraform cannot know when a key was created, so a declared active key is
#   unknown. Inactive keys are out of scope.
# custom:
#   id: IAM.8
#   severity: medium
#   resource_types: [aws.iam.user]
#   controls:
#     iso27001-2022: ["5.17"]
#     nist-800-53-r5: ["IA-5"]
#     nist-csf-2.0: ["PR.AA-01"]
#     cis-aws-foundations-6.0: ["2.13"]
#   remediation: >-
#     Create a new key, move every client to it, then deactivate and delete the old one (in Terraform,
#     replace the aws_iam_access_key, e.g. with a time_rotating trigger); better, replace long-term keys
#     with roles (IAM Identity Center, instance profiles, OIDC federation).
package vigil.aws.iam.access_keys_rotated

import data.vigil.lib

max_age_days := 90

keys(r) := object.get(r.attributes, "access_keys", null)

keys_known(r) if {
	is_array(keys(r))
	not lib.is_unknown(r, "access_keys")
}

# may_be_active: an Active key, or one whose status is unknown.
may_be_active(k) if lib.object_get(k, "status", null) == "Active"

may_be_active(k) if not is_string(lib.object_get(k, "status", null))

old(r) := [{"key": i, "age_days": age} |
	some i, k in keys(r)
	lib.object_get(k, "status", null) == "Active"
	age := lib.object_get(k, "age_days", null)
	is_number(age)
	age > max_age_days
	not lib.is_unknown(r, sprintf("access_keys.%d.age_days", [i]))
]

# missing lists what could hide an old active key: unknown statuses, and unknown ages of keys that are or
# may be active.
missing(r) := array.concat(
	[sprintf("access_keys.%d.status", [i]) | some i, k in keys(r); not is_string(lib.object_get(k, "status", null))],
	[sprintf("access_keys.%d.age_days", [i]) | some i, k in keys(r); may_be_active(k); age_unknown(r, i, k)],
)

age_unknown(r, i, _) if lib.is_unknown(r, sprintf("access_keys.%d.age_days", [i]))

age_unknown(_, _, k) if not is_number(lib.object_get(k, "age_days", null))

deny contains result if {
	some r in lib.resources("aws.iam.user")
	keys_known(r)
	found := old(r)
	count(found) > 0
	result := {
		"resource": r.id,
		"message": sprintf("IAM user %q has an active access key older than %d days (%s)", [
			lib.label(r), max_age_days,
			concat(", ", [sprintf("key %d: %v days", [f.key + 1, f.age_days]) | some f in found]),
		]),
		"evidence": {"access_keys": keys(r), "max_age_days": max_age_days},
	}
}

unknown contains result if {
	some r in lib.resources("aws.iam.user")
	not keys_known(r)
	result := {
		"resource": r.id,
		"message": sprintf("access keys of IAM user %q are unknown", [lib.label(r)]),
		"missing": ["access_keys"],
	}
}

unknown contains result if {
	some r in lib.resources("aws.iam.user")
	keys_known(r)
	count(old(r)) == 0
	m := missing(r)
	count(m) > 0
	result := {
		"resource": r.id,
		"message": sprintf("age of the active access keys of IAM user %q is unknown", [lib.label(r)]),
		"missing": m,
	}
}
