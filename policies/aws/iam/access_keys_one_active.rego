# METADATA
# title: IAM users have at most one active access key
# description: >-
#   No IAM user has two active access keys. AWS allows two so that a key can be rotated without downtime;
#   a second key left active after the rotation doubles the long-term credentials that can leak. Live scans
#   read the credential report; Terraform sees the aws_iam_access_key blocks it declares (keys created
#   outside the configuration are not in the source).
# custom:
#   id: IAM.7
#   severity: medium
#   resource_types: [aws.iam.user]
#   controls:
#     iso27001-2022: ["5.17"]
#     nist-800-53-r5: ["IA-5"]
#     nist-csf-2.0: ["PR.AA-01"]
#     cis-aws-foundations-6.0: ["2.12"]
#   remediation: >-
#     Deactivate or delete the key that is no longer used (aws_iam_access_key status = "Inactive", or remove
#     the block) once every client uses the new key.
package vigil.aws.iam.access_keys_one_active

import data.vigil.lib

keys(r) := object.get(r.attributes, "access_keys", null)

# keys_known: a list that was read in full (access_keys has no default: absent was not collected).
keys_known(r) if {
	is_array(keys(r))
	not lib.is_unknown(r, "access_keys")
}

active(r) := [i | some i, k in keys(r); lib.object_get(k, "status", null) == "Active"; not lib.is_unknown(r, sprintf("access_keys.%d.status", [i]))]

status_unknown(r) := [sprintf("access_keys.%d.status", [i]) |
	some i, k in keys(r)
	not is_string(lib.object_get(k, "status", null))
]

deny contains result if {
	some r in lib.resources("aws.iam.user")
	keys_known(r)
	n := count(active(r))
	n > 1
	result := {
		"resource": r.id,
		"message": sprintf("IAM user %q has %d active access keys", [lib.label(r), n]),
		"evidence": {"access_keys": keys(r)},
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
	missing := status_unknown(r)
	count(missing) > 0
	count(active(r)) < 2
	count(active(r)) + count(missing) > 1
	result := {
		"resource": r.id,
		"message": sprintf("whether IAM user %q has more than one active access key is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
