# METADATA
# title: S3 bucket policy denies requests that do not use TLS
# description: >-
#   The bucket policy denies every request made over plain HTTP (aws:SecureTransport false), so data
#   read from or written to the bucket is always encrypted in transit.
# custom:
#   id: S3.6
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     cis-aws-foundations-6.0: ["3.1.1"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Add to the bucket's aws_s3_bucket_policy a statement with Effect "Deny", Principal "*",
#     Action "s3:*", Resource [bucket ARN, "<bucket ARN>/*"] and
#     Condition { Bool = { "aws:SecureTransport" = "false" } }.
package vigil.aws.s3.secure_transport

import data.vigil.lib

# enforces_tls is true for a Deny statement that applies to every principal and every S3 action on the
# bucket's objects when aws:SecureTransport is false.
enforces_tls(stmt) if {
	stmt.Effect == "Deny"
	lib.principal_is_anyone(object.get(stmt, "Principal", null))
	some a in lib.actions(stmt)
	a in {"s3:*", "*", "*:*"}
	covers_objects(stmt)
	insecure_transport_condition(stmt)
}

covers_objects(stmt) if {
	some res in object.get(stmt, "Resource", [])
	res == "*"
}

covers_objects(stmt) if {
	some res in object.get(stmt, "Resource", [])
	is_string(res)
	endswith(res, "/*")
}

insecure_transport_condition(stmt) if {
	some op, keys in object.get(stmt, "Condition", {})
	op in {"Bool", "BoolIfExists"}
	some k, v in keys
	lib.lower_string(k) == "aws:securetransport"
	is_false(v)
}

# is_false accepts the condition value as a boolean, a string, or a list of them (all false).
is_false(v) if _scalar_false(v)

is_false(v) if {
	is_array(v)
	count(v) > 0
	every x in v {
		_scalar_false(x)
	}
}

_scalar_false(v) if v == false

_scalar_false(v) if {
	is_string(v)
	lower(v) == "false"
}

deny contains result if {
	some r in lib.resources("aws.s3.bucket")
	policy := object.get(r, ["attributes", "policy"], null)
	not any_enforces(policy)
	not lib.unknown_within(r, "policy")
	result := {
		"resource": r.id,
		"message": sprintf(message_format(policy), [lib.label(r)]),
		"evidence": {"policy": policy},
	}
}

# A policy with unknown parts, none of which could be a statement enforcing TLS, fails too.
deny contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	policy := object.get(r, ["attributes", "policy"], null)
	not any_enforces(policy)
	lib.unknown_within(r, "policy")
	count(unknown_policy_paths(r)) == 0
	result := {
		"resource": r.id,
		"message": sprintf(message_format(policy), [lib.label(r)]),
		"evidence": {"policy": policy},
	}
}

# any_enforces is true when a statement of the policy enforces TLS (see lib.statements: a policy that is
# null or not an object has none).
any_enforces(policy) if {
	some stmt in policy.Statement
	stmt.Effect == "Deny"
	enforces_tls(stmt)
}

message_format(null) := "bucket %q has no bucket policy, so requests without TLS are not denied"

message_format(policy) := "bucket %q policy does not deny requests without TLS (aws:SecureTransport false)" if policy != null

# could_enforce is true for a statement with unknown parts (lib.statement_unknowns) that would enforce
# TLS for some value of those parts: each requirement of enforces_tls is met or rests on an unknown part.
could_enforce(e) if "*" in e.elements

could_enforce(e) if {
	e.statement.Effect == "Deny"
	_principal_could_be_anyone(e)
	_actions_could_be_all(e)
	_could_cover_objects(e)
	_condition_could_be_insecure_transport(e)
}

_principal_could_be_anyone(e) if lib.principal_is_anyone(object.get(e.statement, "Principal", null))

_principal_could_be_anyone(e) if "Principal" in e.elements

_actions_could_be_all(e) if {
	some a in lib.actions(e.statement)
	a in {"s3:*", "*", "*:*"}
}

_actions_could_be_all(e) if "Action" in e.elements

_could_cover_objects(e) if covers_objects(e.statement)

_could_cover_objects(e) if "Resource" in e.elements

_condition_could_be_insecure_transport(e) if insecure_transport_condition(e.statement)

_condition_could_be_insecure_transport(e) if "Condition" in e.elements

# unknown_policy_paths are the unknown paths of the policy that could hide a statement enforcing TLS.
unknown_policy_paths(r) := [p |
	some e in lib.statement_unknowns(r, "policy", object.get(r.attributes, "policy", null))
	could_enforce(e)
	some p in lib.statement_missing(r, e, {"Principal", "Action", "Resource", "Condition"})
]

# A policy that is unknown, or has an unknown part that could enforce TLS and no known statement that does.
unknown contains result if {
	some r in lib.resources_with_unknown("aws.s3.bucket")
	not any_enforces(object.get(r, ["attributes", "policy"], null))
	missing := unknown_policy_paths(r)
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("bucket policy of %q is unknown", [lib.label(r)]),
		"missing": missing,
	}
}
