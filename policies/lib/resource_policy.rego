# Resource policies attached to a service resource (an SNS topic, an SQS queue, a secret, an OpenSearch
# domain): whom they open the resource to, and whether they refuse requests made without TLS. The IAM
# document helpers (statements, principal_is_anyone, has_condition) are in iam.rego.
package vigil.lib

# public_statements lists the Allow statements of the policy at attribute path of r that any principal may
# use, with no condition that could narrow who (aws:SourceAccount, aws:PrincipalOrgID, a source VPC or
# IP...). Any Condition counts as narrowing. A statement with unknown parts is left out: see
# policy_may_be_public.
public_statements(r, path) := [resource_statement_evidence(stmt) |
	some stmt in statements(object.get(r.attributes, path, null))
	_public_allow(stmt)
] if {
	# Most resources have no unknown path: skip the per-statement check.
	object.get(r, "unknown", []) == []
} else := [resource_statement_evidence(stmt) |
	doc := object.get(r.attributes, path, null)
	some i, stmt in statements(doc)
	_public_allow(stmt)
	not unknown_within(r, sprintf("%s.Statement.%d", [path, i]))
]

_public_allow(stmt) if {
	is_object(stmt)
	stmt.Effect == "Allow"
	principal_is_anyone(object.get(stmt, "Principal", null))
	not has_condition(stmt)
}

# resource_statement_evidence keeps the elements of a statement that say what it grants, to whom, and when.
resource_statement_evidence(stmt) := {k: v | some k, v in stmt; k in {"Sid", "Effect", "Principal", "Action", "NotAction", "Resource", "NotResource", "Condition"}}

# policy_may_be_public is true when the policy at path has unknown parts, any of which could be a
# statement open to anyone.
policy_may_be_public(r, path) if unknown_within(r, path)

# denies_insecure_transport is true when the policy at path has a Deny statement for every principal that
# covers one of covered_actions (lower case, e.g. {"sns:publish", "sns:*", "*"}) when aws:SecureTransport is
# false.
denies_insecure_transport(r, path, covered_actions) if {
	doc := object.get(r.attributes, path, null)
	some stmt in statements(doc)
	is_object(stmt)
	stmt.Effect == "Deny"
	principal_is_anyone(object.get(stmt, "Principal", null))
	some a in actions(stmt)
	a in covered_actions
	secure_transport_false(stmt)
}

# secure_transport_false is true when the statement's condition matches requests with aws:SecureTransport
# false (Bool or BoolIfExists; the value as a boolean, a string, or a list of them all false).
secure_transport_false(stmt) if {
	some op, keys in object.get(stmt, "Condition", {})
	op in {"Bool", "BoolIfExists"}
	some k, v in keys
	lower_string(k) == "aws:securetransport"
	_all_false(v)
}

_all_false(v) if _false_scalar(v)

_all_false(v) if {
	is_array(v)
	count(v) > 0
	every x in v {
		_false_scalar(x)
	}
}

_false_scalar(false)

_false_scalar(v) if {
	is_string(v)
	lower(v) == "false"
}
