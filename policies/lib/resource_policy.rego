package vigil.lib

# Resource-based policies (a Lambda function's, an ECR repository's): who outside the account a
# statement lets in.

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
