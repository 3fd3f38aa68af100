package vigil.lib

# Resource-based policies (a Lambda function's, an ECR repository's, an SNS topic's, an SQS queue's, a
# secret's, an OpenSearch domain's): who outside the account a statement lets in, and whether the policy
# refuses requests made without TLS. The IAM document helpers (statements, principal_is_anyone,
# has_condition) are in iam.rego.

# public_statement is true for an Allow statement whose Principal is anyone ("*", or AWS "*") and whose
# Condition does not name the caller: without such a key, any AWS account (or anyone, for a function URL)
# may use the grant. Keys that name the caller: aws:SourceArn, aws:SourceAccount, aws:SourceOwner,
# aws:SourceOrgID, aws:SourceOrgPaths, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount,
# aws:PrincipalArn, aws:SourceVpc, aws:SourceVpce, under a positive string or ARN operator (StringEquals,
# StringLike, ArnEquals, ArnLike, their IgnoreCase and ForAnyValue forms). IfExists forms, negations and
# other keys (aws:SourceIp, lambda:FunctionUrlAuthType) narrow nothing.
public_statement(stmt) if {
	is_object(stmt)
	stmt.Effect == "Allow"
	principal_is_anyone(object.get(stmt, "Principal", null))
	not names_caller(stmt)
}

# names_caller is true when the statement's Condition has a positive operator on a key that names the
# caller (see public_statement). Condition keys are case-insensitive.
names_caller(stmt) if {
	conditions := object_get(stmt, "Condition", {})
	is_object(conditions)
	some op, block in conditions
	lower_string(op) in _narrowing_operators
	is_object(block)
	some key, _ in block
	lower_string(key) in _caller_keys
}

_narrowing_operators := {
	"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike",
	"foranyvalue:stringequals", "foranyvalue:stringequalsignorecase", "foranyvalue:stringlike",
	"foranyvalue:arnequals", "foranyvalue:arnlike",
}

_caller_keys := {
	"aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
	"aws:sourcevpc", "aws:sourcevpce",
}

# public_statements lists the public statements of a policy document (an empty list for null or a
# document of another shape).
public_statements(doc) := [s | some s in statements(doc); public_statement(s)]

# known_public_statements lists the public statements of the policy document at r's attribute path
# (dotted) that have no unknown part: a null standing for an unknown Condition or Principal never makes a
# statement public (the rule reports unknown instead).
known_public_statements(r, path) := [s |
	doc := object.get(r.attributes, split(path, "."), null)
	some i, s in statements(doc)
	public_statement(s)
	not unknown_within(r, sprintf("%s.Statement.%d", [path, i]))
]

# open_policy_statements lists, as evidence, the statements of the policy at r's attribute path (an SNS
# topic's, an SQS queue's, a secret's, an OpenSearch domain's) that let anyone in (public_statement: a
# Condition narrows only when it names the caller) and have no unknown part; policy_may_be_public says
# whether an unknown part could be one.
# An IpAddress condition on aws:SourceIp that admits no whole internet range also narrows: these services'
# endpoints are reached over the network, and a source-IP allow list is how their policies restrict it.
open_policy_statements(r, path) := [resource_statement_evidence(s) |
	some s in known_public_statements(r, path)
	not _source_ip_restricted(s)
]

_source_ip_restricted(stmt) if {
	some op, block in object_get(stmt, "Condition", {})
	lower(op) in {"ipaddress", "forallvalues:ipaddress", "foranyvalue:ipaddress"}
	some key, value in block
	lower(key) == "aws:sourceip"
	cidrs := _as_list(value)
	count(cidrs) > 0
	every c in cidrs {
		is_string(c)
		not c in {"0.0.0.0/0", "::/0"}
	}
}

_as_list(v) := v if is_array(v)

_as_list(v) := [v] if not is_array(v)

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
