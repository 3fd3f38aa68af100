# Package lib holds the helpers every rule uses to read the canonical inventory: resources of one type,
# attribute values with their documented defaults, unknown paths, and the shape of deny/unknown results.
# It defines no deny/unknown itself and carries no rule METADATA.
#
# Performance: a rule body runs once per resource, and every call of a Rego function, or reference to
# another rule, costs microseconds. The built-in rules therefore test attributes directly
# (not r.attributes.versioning.enabled == true) on the path every resource takes, and call these helpers
# only for the few resources that fail or have unknown paths (resources_with_unknown).
package vigil.lib

# resources returns the resources of one canonical type (for example "aws.s3.bucket").
# Rules iterate only their own types, through the by_type index, never every resource.
resources(type_name) := object.get(input, ["by_type", type_name], [])

# resources_with_unknown returns the resources of one type that have unknown paths: the only ones an
# unknown rule that reads r.unknown needs to look at. The engine passes them as input.unknown_by_type,
# so that such a rule does not scan every resource of its type; without that index (a hand-written
# input) they are picked from resources(type_name).
resources_with_unknown(type_name) := object.get(input.unknown_by_type, type_name, []) if {
	is_object(input.unknown_by_type)
} else := [r | some r in resources(type_name); count(object.get(r, "unknown", [])) > 0]

# _unknown_list is the resource's list of unknown dotted paths (empty when absent).
_unknown_list(r) := object.get(r, "unknown", [])

# is_unknown is true when path, or one of its parents, is listed in r.unknown:
# "encryption" unknown means "encryption.algorithm" is unknown too. (An absent r.unknown lists nothing.)
is_unknown(r, path) if {
	some u in r.unknown
	startswith(path, u) # most unknown paths fail here, without a function call
	covers(u, path)
}

# unknown_within is true when path, a parent of it, or any child of it is unknown. Use it for a
# value the rule reads as a whole (a list of rules, a policy document).
unknown_within(r, path) if is_unknown(r, path)

unknown_within(r, path) if {
	some u in r.unknown
	startswith(u, concat("", [path, "."]))
}

# covers is true when unknown path u equals path or is one of its parents.
covers(u, path) if u == path

covers(u, path) if startswith(path, concat("", [u, "."]))

# unknown_paths returns the subset of paths that are unknown (each path's parents count).
unknown_paths(r, paths) := [] if {
	object.get(r, "unknown", []) == []
} else := [p | some p in paths; is_unknown(r, p)]

# unknown_paths_within returns the subset of paths that are unknown, counting children as well.
unknown_paths_within(r, paths) := [] if {
	object.get(r, "unknown", []) == []
} else := [p | some p in paths; unknown_within(r, p)]

# get reads a dotted attribute path, returning default_value when an element of the path is absent.
# A present null stays null; callers decide what null means.
get(r, path, default_value) := object.get(object.get(r, "attributes", {}), split(path, "."), default_value)

# object_get is object.get for a value that a hand-written inventory may hold in any type: default_value
# when x is not an object (object.get would be a built-in error).
object_get(x, key, default_value) := object.get(x, key, default_value) if is_object(x)

else := default_value

# number_at_least is true when v is a number no less than n. Rego orders values of different types
# (every string is greater than every number), so a bare v >= n holds for v = "x".
number_at_least(v, n) if {
	is_number(v)
	v >= n
}

# empty is true for an empty list, object, set or string. A value of another type (5, true) is not empty:
# a rule that flags a non-empty list flags it too, with the value as evidence, where count would stop
# the rule with a built-in error.
empty(v) if {
	not is_number(v)
	not is_boolean(v)
	not is_null(v)
	count(v) == 0
}

# Values of the wrong type. Saved inventories are checked against docs/schemas/inventory.schema.json, and
# the adapters write the documented types; a rule still never reads a value of another type as a pass:
# the checks below make the value unknown, with a result naming it.

# wrong_type is true when the attribute at path (a list of keys and list indexes) is present, not null
# and not of kind ("object", "array", "boolean", "number" or "string").
wrong_type(r, path, kind) if {
	v := object.get(r.attributes, path, null)
	v != null
	type_name(v) != kind
}

# wrong_type_result is the unknown result of a rule that cannot read resource r's attributes at paths
# (dotted), which hold values of the wrong type.
wrong_type_result(r, paths) := {
	"resource": r.id,
	"message": sprintf("%s of %q cannot be read: not of the documented type (docs/inventory.md)", [concat(", ", paths), label(r)]),
	"missing": paths,
}

# dotted renders a path of keys and list indexes as an attribute path ("ingress.0.cidr_blocks").
dotted(path) := concat(".", [sprintf("%v", [s]) | some s in path])

# value reads a dotted attribute path and maps both absence and null to default_value: the
# platform default documented in docs/inventory.md.
value(r, path, default_value) := v if {
	v := get(r, path, null)
	v != null
} else := default_value

# attribute is value for a path given as an array of keys (["versioning", "enabled"]): absence and null
# give default_value. It does not split a dotted path on every call.
attribute(r, path, default_value) := v if {
	v := object.get(r.attributes, path, null)
	v != null
} else := default_value

# label is the name shown in messages: the resource's name, or its id when it has none. Most results
# carry it in their message (hundreds of thousands of calls over a large estate): r.name is looked up
# once.
label(r) := n if {
	n := r.name
	is_string(n)
	n != ""
} else := r.id

# is_set is true for a non-empty string (an identifier, ARN or reference that is present).
is_set(v) if {
	is_string(v)
	v != ""
}

# failure builds a deny result.
failure(r, msg, evidence) := {"resource": r.id, "message": msg, "evidence": evidence}

# unknown_result builds an unknown result for the given missing paths.
unknown_result(r, msg, missing) := {"resource": r.id, "message": msg, "missing": missing}
