package vigil.lib

# IAM policy document helpers. Documents are normalised by the scanners: Statement is a list and
# Action, NotAction, Resource, NotResource are lists of strings. Action names are case-insensitive.

# statements returns the statements of a policy document (none for null or a non-object).
statements(doc) := object.get(doc, "Statement", []) if is_object(doc)

statements(doc) := [] if not is_object(doc)

# is_allow is true for a statement with Effect Allow.
is_allow(stmt) if stmt.Effect == "Allow"

# actions returns the statement's lower-cased Action list.
actions(stmt) := [lower_string(a) | some a in object.get(stmt, "Action", [])]

# not_actions returns the statement's lower-cased NotAction list.
not_actions(stmt) := [lower_string(a) | some a in object.get(stmt, "NotAction", [])]

# lower_string lower-cases a string and keeps any other value (null for an unknown entry, or a value of
# the wrong type) as it is, for the rules to judge.
lower_string(s) := lower(s) if is_string(s)

else := s

# has_not_action is true when the statement uses NotAction (whatever its value).
has_not_action(stmt) if _ = stmt.NotAction

# all_actions_patterns are the Action values that match every action of every service. They have no
# letters, so an action matches one with or without lower-casing it.
all_actions_patterns := {"*", "*:*"}

# grants_all_actions is true when the statement's Action covers every action (all_actions_pattern).
grants_all_actions(stmt) if {
	some a in stmt.Action
	all_actions_pattern(a)
}

# wildcard_only is true for a pattern made of * and ? alone, with at least one *: it matches every action
# name ("?*" and "**" are "*" spelled otherwise, and IAM accepts them).
wildcard_only(p) if regex.match(`^[*?]*\*[*?]*$`, p)

# all_actions_pattern is true for an Action value that matches every action of every service: "*", "*:*",
# or the same written with other wildcards ("*:?*", "?*:**"). Written out first: most actions are neither.
all_actions_pattern(a) if a in {"*", "*:*"}

all_actions_pattern(a) if {
	not a in {"*", "*:*"}
	is_string(a) # an unknown entry (null) is the rules' unknown, not a built-in error
	regex.match(`^[*?]`, a)
	parts := split(a, ":")
	count(parts) <= 2
	every p in parts {
		wildcard_only(p)
	}
}

# service_wide_action is true when the lower-cased Action value a matches every action of service svc:
# "svc:*", "svc:?*", a service written with wildcards ("i?m:*"), or an all_actions_pattern.
service_wide_action(a, svc) if a in service_wide_patterns(svc)

service_wide_action(a, svc) if {
	not a in service_wide_patterns(svc)
	parts := split(a, ":")
	count(parts) == 2
	wildcard_only(parts[1])
	glob.match(parts[0], [], svc)
}

service_wide_action(a, _) if all_actions_pattern(a)

# on_all_resources is true when the statement applies to Resource "*", or uses NotResource
# (everything except a list, which is treated as all resources).
on_all_resources(stmt) if "*" in stmt.Resource

on_all_resources(stmt) if _ = stmt.NotResource

# is_admin_statement is true for an Allow that grants every action (Action "*" or NotAction,
# "everything except ...") on every resource. A Condition does not make it less than admin.
is_admin_statement(stmt) if {
	stmt.Effect == "Allow"
	_grants_all_or_not_action(stmt)
	on_all_resources(stmt)
}

_grants_all_or_not_action(stmt) if grants_all_actions(stmt)

_grants_all_or_not_action(stmt) if has_not_action(stmt)

# grants_service_wide is true when an Allow statement grants every action of service svc
# ("svc:*", "*", "*:*", or a NotAction that does not exclude the service).
grants_service_wide(stmt, svc) if {
	is_allow(stmt)
	some a in actions(stmt)
	service_wide_action(a, svc)
}

grants_service_wide(stmt, svc) if {
	is_allow(stmt)
	has_not_action(stmt)
	not _not_action_excludes(stmt, svc)
}

# _not_action_excludes is true when a NotAction entry removes some action of svc from the grant.
_not_action_excludes(stmt, _) if {
	some a in not_actions(stmt)
	a in all_actions_patterns
}

_not_action_excludes(stmt, svc) if {
	some a in not_actions(stmt)
	startswith(a, concat("", [svc, ":"]))
}

# service_wide_patterns are the Action values that match every action of service svc.
service_wide_patterns(svc) := all_actions_patterns | {concat("", [svc, ":*"])}

# service_wide_grants lists, in the order of svcs, the services for which grants_service_wide(stmt, svc)
# holds. It reads the statement once instead of once per service: a statement without a wildcard or a
# NotAction grants the services of its "svc:*" actions.
service_wide_grants(stmt, svcs) := [] if {
	not stmt.Effect == "Allow"
} else := svcs if {
	some a in stmt.Action
	all_actions_pattern(a)
} else := [svc | some svc in svcs; grants_service_wide(stmt, svc)] if {
	_ = stmt.NotAction
} else := [svc | some svc in svcs; count({a | some a in wide; service_wide_action(a, svc)}) > 0] if {
	# Only the actions that end in a wildcard can be service-wide.
	wide := {lower(a) | some a in stmt.Action; is_string(a); regex.match(`[*?]$`, a)}
	count(wide) > 0
} else := []

# principal_is_anyone is true when a Principal is "*" or has AWS "*" (as a string or in a list).
principal_is_anyone(p) if p == "*"

principal_is_anyone(p) if {
	is_object(p)
	object.get(p, "AWS", null) == "*"
}

principal_is_anyone(p) if {
	is_object(p)
	aws := object.get(p, "AWS", [])
	is_array(aws)
	"*" in aws
}

# has_condition is true when the statement has a non-empty Condition block.
has_condition(stmt) if {
	c := object.get(stmt, "Condition", {})
	is_object(c)
	count(c) > 0
}

# documents lists every policy document of an IAM resource with a label saying where it comes from
# and its attribute path: the document of a customer-managed policy, and each inline policy of a role
# or user.
documents(r) := [{"where": "policy document", "path": "document", "document": object.get(r, ["attributes", "document"], null)}] if {
	r.type == "aws.iam.policy"
} else := [{
	"where": inline_policy_where(p),
	"path": sprintf("inline_policies.%v.document", [i]),
	"document": object_get(p, "document", null),
} |
	some i, p in attribute(r, ["inline_policies"], [])
] if {
	r.type in {"aws.iam.role", "aws.iam.user"}
}

# inline_policy_name is an inline policy's name as messages show it; an inline policy written without
# a name gets one from AWS when it is created, which no configuration shows: "(unnamed)".
inline_policy_name(p) := p.name if {
	is_string(p.name)
	p.name != ""
} else := "(unnamed)"

# inline_policy_where is an inline policy as messages locate it: inline policy "name".
inline_policy_where(p) := sprintf("inline policy %q", [p.name]) if {
	is_string(p.name)
	p.name != ""
} else := "inline policy (unnamed)"

# Partly known documents. A document a scanner could read only in part holds null at each unknown part,
# and r.unknown names the part (docs/inventory.md): the document (its path), a statement
# ("<path>.Statement.N": unknown Effect, Action list or whole statement), an element of a statement
# ("<path>.Statement.N.Resource"), or a value below one ("<path>.Statement.N.Resource.0",
# "<path>.Statement.N.Principal.AWS"). A rule decides from the known statements, and from the known
# elements of a partly known statement, and reports unknown only when an unknown part could change
# its result.

# statement_unknowns lists the statements of the document doc, at attribute path base of r, that have
# unknown parts: {"statement": the statement (null when unknown as a whole), "path": its path,
# "elements": the names of its elements with an unknown part, "*" when the statement is unknown}. A
# document unknown as a whole, or whose Statement list is, gives one entry {statement: null, path:
# base, elements: {"*"}}. Only call it for resources with unknown paths.
statement_unknowns(r, base, _) := [{"statement": null, "path": base, "elements": {"*"}}] if {
	is_unknown(r, concat("", [base, ".Statement"]))
}

statement_unknowns(r, base, doc) := [e |
	prefix := concat("", [base, ".Statement."])
	indices := {split(trim_prefix(u, prefix), ".")[0] | some u in r.unknown; startswith(u, prefix)}
	some i in indices
	path := concat("", [prefix, i])
	e := {
		"statement": _statement_at(doc, to_number(i)),
		"path": path,
		"elements": _unknown_elements(r, path),
	}
] if {
	not is_unknown(r, concat("", [base, ".Statement"]))
}

_statement_at(doc, n) := doc.Statement[n] if is_array(doc.Statement) else := null

_unknown_elements(r, path) := {"*"} if path in r.unknown else := {split(trim_prefix(u, prefix), ".")[0] |
	prefix := concat("", [path, "."])
	some u in r.unknown
	startswith(u, prefix)
}

# document_unknowns lists statement_unknowns over every policy document of an IAM resource (see
# documents), each entry with the document's "where"; an unknown inline_policies list gives one entry
# for the list.
document_unknowns(r) := [{"where": "inline policies", "statement": null, "path": "inline_policies", "elements": {"*"}}] if {
	r.type in {"aws.iam.role", "aws.iam.user"}
	is_unknown(r, "inline_policies")
} else := [object.union(e, {"where": d.where}) |
	some d in documents(r)
	some e in statement_unknowns(r, d.path, d.document)
]

# statement_missing is the unknown paths of statement entry e (see statement_unknowns) that lie in the
# given elements: the statement's path when it is unknown as a whole.
statement_missing(_, e, _) := [e.path] if "*" in e.elements

statement_missing(r, e, elements) := [u |
	some u in r.unknown
	some el in elements
	el in e.elements
	covers(concat("", [e.path, ".", el]), u)
] if {
	not "*" in e.elements
}

# document_paths are the attribute paths that hold a resource's policy documents.
document_paths(r) := ["document"] if r.type == "aws.iam.policy"

document_paths(r) := ["inline_policies"] if r.type in {"aws.iam.role", "aws.iam.user"}

# iam_types are the resource types that carry policy documents.
iam_types := ["aws.iam.policy", "aws.iam.role", "aws.iam.user"]

# iam_kind is the word used for an IAM resource in messages.
iam_kind(r) := {"aws.iam.policy": "policy", "aws.iam.role": "role", "aws.iam.user": "user"}[r.type]

# iam_resources lists every policy, role and user.
iam_resources := [r | some t in iam_types; some r in resources(t)]

# iam_misfiled lists the IAM resources filed under another IAM type's list (documents reads a
# resource by its own type), once per query for the rules that check them in full.
iam_misfiled := [r | some t in iam_types; some r in resources(t); r.type != t]

# iam_attaching lists the IAM resources whose managed_policy_arns has an entry (that `some arn in
# r.attributes.managed_policy_arns` iterates): the only ones a rule judging attached policies looks at.
# Computed once per query, it spares each such rule a pass over every policy, role and user, most
# of which attach nothing.
iam_attaching := [r | some r in iam_resources; count([1 | some _ in r.attributes.managed_policy_arns]) > 0]

# statement_evidence is the part of a statement shown as evidence.
statement_evidence(stmt) := {k: v | some k, v in stmt; k in {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}}

# document_wrong_types lists the attribute paths of IAM resource r, in its policy documents (documents),
# whose values are not of the types the statement checks read: a document that is not an object, a
# Statement that is not a list, a statement that is not an object, an Effect that is not a string, an
# Action, NotAction, Resource or NotResource that is not a list. Saved inventories hold the normalised
# form (docs/inventory.md); another shape cannot be read.
document_wrong_types(r) := [] if {
	not r.id in document_wrong_type_ids
} else := [p |
	some d in documents(r)
	some p in _document_wrong_paths(d.path, d.document)
]

_document_wrong_paths(base, doc) := [] if {
	doc == null
} else := [base] if {
	not is_object(doc)
} else := [concat("", [base, ".Statement"])] if {
	s := object.get(doc, "Statement", null)
	s != null
	not is_array(s)
} else := [p |
	some i, stmt in object.get(doc, "Statement", [])
	not _well_typed_statement(stmt)
	some p in _statement_wrong_paths(sprintf("%s.Statement.%d", [base, i]), stmt)
]

# document_wrong_type_ids are the ids of the IAM resources with a document_wrong_types path: found
# inline, without building documents(r) for every resource.
document_wrong_type_ids contains r.id if {
	some r in resources("aws.iam.policy")
	not _well_typed_document(r.attributes.document)
}

document_wrong_type_ids contains r.id if {
	some t in ["aws.iam.role", "aws.iam.user"]
	some r in resources(t)
	some p in r.attributes.inline_policies
	not _well_typed_document(object_get(p, "document", null))
}

document_wrong_type_ids contains r.id if {
	some t in ["aws.iam.role", "aws.iam.user"]
	some r in resources(t)
	some p in r.attributes.inline_policies
	not is_object(p)
}

_well_typed_document(null)

_well_typed_document(doc) if {
	is_object(doc)
	stmts := object.get(doc, "Statement", [])
	is_array(stmts)
	every s in stmts {
		_well_typed_statement_or_null(s)
	}
}

_well_typed_statement_or_null(null)

_well_typed_statement_or_null(s) if _well_typed_statement(s)

# _well_typed_statement is the common case, written inline: an object whose Effect is a string and whose
# Action (or NotAction) and Resource (or NotResource) are lists.
_well_typed_statement(stmt) if {
	is_string(stmt.Effect)
	is_array(object.get(stmt, "Action", []))
	is_array(object.get(stmt, "NotAction", []))
	is_array(object.get(stmt, "Resource", []))
	is_array(object.get(stmt, "NotResource", []))
}

# A null statement is an unknown one (statement_unknowns), not one of the wrong type.
_statement_wrong_paths(base, stmt) := [] if {
	stmt == null
} else := [base] if {
	not is_object(stmt)
} else := [concat(".", [base, k]) |
	some k, kind in {"Effect": "string", "Action": "array", "NotAction": "array", "Resource": "array", "NotResource": "array"}
	v := object.get(stmt, k, null)
	v != null
	type_name(v) != kind
]
