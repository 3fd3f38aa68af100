package inventory

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The aws_iam_policy_document data source is computed by the AWS provider from its arguments alone, so it
// is rendered here to the JSON the provider produces; resources that embed its json attribute then carry
// the real policy. Every reader renders it here: the Terraform reader when it evaluates the data block,
// the adapters for a plan whose document was not computed yet. The provider's rules:
//   - statements merge in this order: source_json, source_policy_documents (in order), the block's own
//     statement blocks, override_policy_documents (in order), override_json; a statement whose Sid an
//     earlier one has replaces it in place; an empty source or override document adds nothing;
//   - Version first; a single-element list is a string, a longer one is deduplicated and sorted in
//     reverse order; "&{" (the HCL escape of an IAM policy variable) becomes "${";
//   - numbers and booleans in string lists are written as strings, as the provider's schema converts them.

// policyArgSources and policyArgOverrides are the arguments whose documents are merged before and after
// the block's own statements, in the provider's order.
var (
	policyArgSources   = []string{"source_json", "source_policy_documents"}
	policyArgOverrides = []string{"override_policy_documents", "override_json"}
)

// PolicyDocument is an IAM policy document in the layout the AWS provider renders: its JSON encoding is
// the provider's json attribute.
type PolicyDocument struct {
	Version   string `json:"Version,omitempty"`
	ID        string `json:"Id,omitempty"`
	Statement []any  `json:"Statement"`
}

// JSON returns the document indented, as the provider's json attribute, and minified, as its
// minified_json attribute.
func (d *PolicyDocument) JSON() (pretty, minified string, err error) {
	p, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return "", "", fmt.Errorf("encode policy document: %w", err)
	}
	m, err := json.Marshal(d)
	if err != nil {
		return "", "", fmt.Errorf("encode policy document: %w", err)
	}
	return string(p), string(m), nil
}

type policyStatement struct {
	Sid           string `json:"Sid,omitempty"`
	Effect        string `json:"Effect,omitempty"`
	Actions       any    `json:"Action,omitempty"`
	NotActions    any    `json:"NotAction,omitempty"`
	Resources     any    `json:"Resource,omitempty"`
	NotResources  any    `json:"NotResource,omitempty"`
	Principals    any    `json:"Principal,omitempty"`
	NotPrincipals any    `json:"NotPrincipal,omitempty"`
	Conditions    any    `json:"Condition,omitempty"`
}

// statementsBySid keeps a document's statements in order, as the provider merges source, own and override
// statements: one with the Sid of an earlier one replaces it.
type statementsBySid[T any] struct {
	list []T
	idx  map[string]int
}

func (s *statementsBySid[T]) add(st T, sid string) {
	if sid != "" {
		if i, ok := s.idx[sid]; ok {
			s.list[i] = st
			return
		}
		if s.idx == nil {
			s.idx = map[string]int{}
		}
		s.idx[sid] = len(s.list)
	}
	s.list = append(s.list, st)
}

// ErrPolicyArgs means the arguments of an aws_iam_policy_document cannot be rendered: a source or
// override document that cannot be read, or a statement that is not a block.
var ErrPolicyArgs = errors.New("policy document arguments cannot be rendered")

// RenderPolicyDocument renders the arguments of an aws_iam_policy_document data block, all known, to the
// document the provider computes. args are JSON-like values with nested blocks as lists of objects (as
// the Terraform reader and plan JSON hold them); it is not modified. source reads a source or override
// document string; nil decodes it as JSON. A caller passes its own to follow a reference to another
// aws_iam_policy_document that is not rendered yet.
func RenderPolicyDocument(args map[string]any, source func(string) (map[string]any, error)) (*PolicyDocument, error) {
	if source == nil {
		source = decodePolicyObject
	}
	doc := &PolicyDocument{Version: "2012-10-17"}
	var stmts statementsBySid[any]
	merge := func(names []string) error {
		for _, name := range names {
			for _, src := range asList(args[name]) {
				s, isStr := src.(string)
				if !isStr {
					return fmt.Errorf("%s: %w", name, ErrPolicyArgs)
				}
				if strings.TrimSpace(s) == "" {
					continue
				}
				d, err := source(s)
				if err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				if v, ok := d["Version"].(string); ok {
					doc.Version = v
				}
				if v, ok := d["Id"].(string); ok {
					doc.ID = v
				}
				st := d["Statement"]
				if m, isMap := st.(map[string]any); isMap {
					st = []any{m}
				}
				for _, x := range asList(st) {
					m, isMap := x.(map[string]any)
					if !isMap {
						return fmt.Errorf("%s: statement: %w", name, ErrNotPolicy)
					}
					sid, _ := m["Sid"].(string)
					stmts.add(m, sid)
				}
			}
		}
		return nil
	}
	if err := merge(policyArgSources); err != nil {
		return nil, err
	}
	if v := policyString(args["version"]); v != "" {
		doc.Version = v
	}
	if v := policyString(args["policy_id"]); v != "" {
		doc.ID = v
	}
	for _, x := range asList(args["statement"]) {
		m, isMap := x.(map[string]any)
		if !isMap {
			return nil, fmt.Errorf("statement: %w", ErrPolicyArgs)
		}
		st := policyStatement{Effect: "Allow"}
		st.Sid = policyString(m["sid"])
		if e := policyString(m["effect"]); e != "" {
			st.Effect = e
		}
		st.Actions = stringSet(m["actions"])
		st.NotActions = stringSet(m["not_actions"])
		st.Resources = stringSet(m["resources"])
		st.NotResources = stringSet(m["not_resources"])
		st.Principals = principals(m["principals"])
		st.NotPrincipals = principals(m["not_principals"])
		st.Conditions = conditions(m["condition"])
		stmts.add(st, st.Sid)
	}
	if err := merge(policyArgOverrides); err != nil {
		return nil, err
	}
	doc.Statement = stmts.list
	if doc.Statement == nil {
		doc.Statement = []any{}
	}
	return doc, nil
}

// decodePolicyObject decodes a source document as the provider reads it: a JSON object.
func decodePolicyObject(s string) (map[string]any, error) {
	v, err := DecodeJSON([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("parse policy document: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, ErrNotPolicy
	}
	return m, nil
}

// policyString is a string argument as the provider's schema reads it (ScalarString); anything else is "".
func policyString(v any) string {
	s, _ := ScalarString(v)
	return s
}

func asList(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case nil:
		return nil
	default:
		return []any{x}
	}
}

// policyStrings collects the strings of a list argument, deduplicated, with IAM policy variables written
// "&{...}" turned into "${...}".
func policyStrings(v any) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range asList(v) {
		s, ok := ScalarString(x)
		if !ok {
			continue
		}
		s = strings.ReplaceAll(s, "&{", "${")
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// stringSet renders a set of strings as the provider does: nil when empty, a string when single, else a
// list in reverse order.
func stringSet(v any) any {
	s := policyStrings(v)
	switch len(s) {
	case 0:
		return nil
	case 1:
		return s[0]
	}
	sort.Sort(sort.Reverse(sort.StringSlice(s)))
	return s
}

func principals(v any) any {
	blocks := asList(v)
	if len(blocks) == 0 {
		return nil
	}
	byType := map[string][]any{}
	var order []string
	for _, b := range blocks {
		m, ok := b.(map[string]any)
		if !ok {
			continue
		}
		t := policyString(m["type"])
		if _, seen := byType[t]; !seen {
			order = append(order, t)
		}
		byType[t] = append(byType[t], asList(m["identifiers"])...)
	}
	if len(order) == 1 && order[0] == "*" {
		ids := policyStrings(byType["*"])
		if len(ids) == 1 && ids[0] == "*" {
			return "*"
		}
	}
	out := map[string]any{}
	for t, ids := range byType {
		out[t] = stringSet(ids)
	}
	return out
}

func conditions(v any) any {
	blocks := asList(v)
	if len(blocks) == 0 {
		return nil
	}
	out := map[string]map[string][]any{}
	for _, b := range blocks {
		m, ok := b.(map[string]any)
		if !ok {
			continue
		}
		test, variable := policyString(m["test"]), policyString(m["variable"])
		if out[test] == nil {
			out[test] = map[string][]any{}
		}
		out[test][variable] = append(out[test][variable], asList(m["values"])...)
	}
	rendered := map[string]map[string]any{}
	for test, vars := range out {
		rendered[test] = map[string]any{}
		for variable, vals := range vars {
			rendered[test][variable] = stringSet(vals)
		}
	}
	return rendered
}

// unknownSet answers questions about the sorted unknown paths of a block's arguments.
type unknownSet []string

// exact reports whether path itself, or a parent of it, is unknown.
func (u unknownSet) exact(path string) bool {
	for _, p := range u {
		if p == path || strings.HasPrefix(path, p+".") {
			return true
		}
	}
	return false
}

// under returns the unknown paths strictly below path, relative to it.
func (u unknownSet) under(path string) []string {
	var out []string
	for _, p := range u {
		if rest, ok := strings.CutPrefix(p, path+"."); ok {
			out = append(out, rest)
		}
	}
	return out
}

// partialStatement is one statement of a partially rendered document: its value (nil when unknown as a
// whole) and its unknown paths, relative to it.
type partialStatement struct {
	v       map[string]any
	unknown []string
}

// RenderPartialPolicyDocument renders an aws_iam_policy_document some of whose arguments are unknown
// (args as for RenderPolicyDocument, with nil at the dotted unknown paths; a source or override document
// the reader could decode only in part is its object, its unknown parts below its own path). A statement whose
// effect or action list is unknown is unknown as a whole; an unknown resource list, principal type or
// condition test makes that element unknown; an unknown string in a list makes that element unknown.
// It returns the document with null at its unknown parts and their paths (relative to the document,
// sorted), or ok false when the document's structure is not known: the statement list (a dynamic block
// over an unknown collection), a source or override document, or a sid that decides which statement
// overrides which; or when nothing the document shows is unknown (keep it unknown rather than guess).
func RenderPartialPolicyDocument(attrs map[string]any, unknownPaths []string) (doc map[string]any, unknown []string, ok bool) {
	u := unknownSet(unknownPaths)
	for _, p := range append([]string{"statement"}, append(policyArgSources, policyArgOverrides...)...) {
		if u.exact(p) {
			return nil, nil, false
		}
	}
	merging := len(asList(attrs["source_policy_documents"]))+len(asList(attrs["override_policy_documents"])) > 0 ||
		attrs["source_json"] != nil || attrs["override_json"] != nil
	doc = map[string]any{"Version": "2012-10-17"}
	var docUnknown []string
	var stmts statementsBySid[partialStatement]
	add := stmts.add
	merge := func(name string) bool {
		list, isList := attrs[name].([]any)
		if !isList {
			list = asList(attrs[name])
		}
		for i, src := range list {
			p := name
			if isList {
				p += "." + strconv.Itoa(i)
			}
			var d map[string]any
			var rel unknownSet
			switch x := src.(type) {
			case string:
				if strings.TrimSpace(x) == "" {
					continue
				}
				var err error
				if d, err = decodePolicyObject(x); err != nil {
					return false
				}
			case map[string]any:
				d, rel = x, unknownSet(u.under(p))
			default:
				return false
			}
			for _, k := range []string{"Version", "Id"} {
				if rel.exact(k) {
					docUnknown = append(docUnknown, k)
				} else if v, ok := d[k].(string); ok {
					doc[k] = v
				}
			}
			if rel.exact("Statement") {
				return false
			}
			list, single := d["Statement"].([]any), false
			if m, isMap := d["Statement"].(map[string]any); isMap {
				list, single = []any{m}, true
			}
			for j, x := range list {
				sp := "Statement." + strconv.Itoa(j)
				if single {
					sp = "Statement"
				}
				m, isMap := x.(map[string]any)
				if !isMap || rel.exact(sp) || rel.exact(sp+".Sid") {
					return false // the statement, or the sid that places it, is unknown
				}
				sid, _ := m["Sid"].(string)
				add(partialStatement{v: m, unknown: rel.under(sp)}, sid)
			}
		}
		return true
	}
	for _, name := range policyArgSources {
		if !merge(name) {
			return nil, nil, false
		}
	}
	for _, k := range []struct{ src, dst string }{{"version", "Version"}, {"policy_id", "Id"}} {
		if u.exact(k.src) {
			docUnknown = append(docUnknown, k.dst)
		} else if v := policyString(attrs[k.src]); v != "" {
			doc[k.dst] = v
		}
	}
	for i, x := range asList(attrs["statement"]) {
		p := "statement." + strconv.Itoa(i)
		m, isMap := x.(map[string]any)
		if !isMap || u.exact(p) || (merging && u.exact(p+".sid")) {
			return nil, nil, false
		}
		add(partialStatementOf(m, u, p), policyString(m["sid"]))
	}
	for _, name := range policyArgOverrides {
		if !merge(name) {
			return nil, nil, false
		}
	}
	out := make([]any, len(stmts.list))
	for i, s := range stmts.list {
		p := "Statement." + strconv.Itoa(i)
		if s.v == nil {
			docUnknown = append(docUnknown, p)
			continue
		}
		out[i] = s.v
		for _, r := range s.unknown {
			docUnknown = append(docUnknown, p+"."+r)
		}
	}
	doc["Statement"] = out
	if len(docUnknown) == 0 {
		return nil, nil, false // unknown only in what the document does not show
	}
	sort.Strings(docUnknown)
	// The rendering mixes typed values ([]string, maps of maps); the inventory takes JSON-like ones.
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, false
	}
	v, err := DecodeJSON(raw)
	if err != nil {
		return nil, nil, false
	}
	return v.(map[string]any), docUnknown, true
}

// partialStatementOf renders one statement block at path p (statement.N) with unknown parts.
func partialStatementOf(m map[string]any, u unknownSet, p string) partialStatement {
	if u.exact(p+".effect") || u.exact(p+".actions") || u.exact(p+".not_actions") {
		return partialStatement{} // what the statement grants is not known
	}
	s := map[string]any{"Effect": "Allow"}
	var unknown []string
	if u.exact(p + ".sid") {
		s["Sid"] = nil
		unknown = append(unknown, "Sid")
	} else if v := policyString(m["sid"]); v != "" {
		s["Sid"] = v
	}
	if e := policyString(m["effect"]); e != "" {
		s["Effect"] = e
	}
	for _, k := range []struct{ src, dst string }{{"actions", "Action"}, {"not_actions", "NotAction"},
		{"resources", "Resource"}, {"not_resources", "NotResource"}} {
		sp := p + "." + k.src
		if u.exact(sp) {
			s[k.dst] = nil
			unknown = append(unknown, k.dst)
			continue
		}
		v, idx := partialStringSet(m[k.src], u, sp)
		if v != nil {
			s[k.dst] = v
		}
		for _, j := range idx {
			unknown = append(unknown, k.dst+"."+strconv.Itoa(j))
		}
	}
	for _, k := range []struct{ src, dst string }{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
		v, rel, whole := partialPrincipals(m[k.src], u, p+"."+k.src)
		switch {
		case whole:
			s[k.dst] = nil
			unknown = append(unknown, k.dst)
		case v != nil:
			s[k.dst] = v
			for _, r := range rel {
				unknown = append(unknown, k.dst+"."+r)
			}
		}
	}
	v, rel, whole := partialConditions(m["condition"], u, p+".condition")
	switch {
	case whole:
		s["Condition"] = nil
		unknown = append(unknown, "Condition")
	case v != nil:
		s["Condition"] = v
		for _, r := range rel {
			unknown = append(unknown, "Condition."+r)
		}
	}
	return partialStatement{v: s, unknown: unknown}
}

// partialStringSet renders a set of strings at path p as stringSet does when all are known; with unknown
// elements, as a list of the known ones (sorted in reverse) followed by one null per unknown element,
// whose indices it returns.
func partialStringSet(v any, u unknownSet, p string) (any, []int) {
	return setWithUnknown(withUnknown(v, u, p))
}

// withUnknown returns the elements of the list at path p, nil standing for an unknown element (a null
// element is left out).
func withUnknown(v any, u unknownSet, p string) []any {
	var out []any
	for i, x := range asList(v) {
		if x == nil && !u.exact(p+"."+strconv.Itoa(i)) {
			continue
		}
		out = append(out, x)
	}
	return out
}

// partialPrincipals renders principals blocks at path p. whole is set when the blocks or a type are
// unknown; an unknown identifiers list makes its type unknown (rel names it), an unknown identifier one
// element of it.
func partialPrincipals(v any, u unknownSet, p string) (out any, rel []string, whole bool) {
	blocks := asList(v)
	if len(blocks) == 0 {
		return nil, nil, false
	}
	if len(u.under(p)) == 0 {
		return principals(v), nil, false
	}
	byType := map[string][]any{}
	unknownType := map[string]bool{}
	for i, b := range blocks {
		bp := p + "." + strconv.Itoa(i)
		m, ok := b.(map[string]any)
		if !ok || u.exact(bp) || u.exact(bp+".type") {
			return nil, nil, true
		}
		t := policyString(m["type"])
		if strings.Contains(t, ".") {
			return nil, nil, true // a path could not name it
		}
		if u.exact(bp + ".identifiers") {
			unknownType[t] = true
			continue
		}
		byType[t] = append(byType[t], withUnknown(m["identifiers"], u, bp+".identifiers")...)
	}
	res := map[string]any{}
	for t := range unknownType {
		res[t] = nil
		rel = append(rel, t)
	}
	for t, ids := range byType {
		if unknownType[t] {
			continue
		}
		val, idx := setWithUnknown(ids)
		res[t] = val
		for _, j := range idx {
			rel = append(rel, t+"."+strconv.Itoa(j))
		}
	}
	return res, rel, false
}

// setWithUnknown is stringSet over values where nil is an unknown element (see partialStringSet).
func setWithUnknown(vals []any) (any, []int) {
	var known []any
	n := 0
	for _, x := range vals {
		if x == nil {
			n++
		} else {
			known = append(known, x)
		}
	}
	if n == 0 {
		return stringSet(known), nil
	}
	s := policyStrings(known)
	sort.Sort(sort.Reverse(sort.StringSlice(s)))
	out := make([]any, 0, len(s)+n)
	for _, x := range s {
		out = append(out, x)
	}
	var idx []int
	for j := 0; j < n; j++ {
		idx = append(idx, len(out))
		out = append(out, nil)
	}
	return out, idx
}

// partialConditions renders condition blocks at path p. whole is set when the blocks, a test or a
// variable are unknown; unknown values make their variable unknown, or one element of its list.
func partialConditions(v any, u unknownSet, p string) (out any, rel []string, whole bool) {
	blocks := asList(v)
	if len(blocks) == 0 {
		return nil, nil, false
	}
	if len(u.under(p)) == 0 {
		return conditions(v), nil, false
	}
	vals := map[string]map[string][]any{}
	unknownVar := map[[2]string]bool{}
	for i, b := range blocks {
		bp := p + "." + strconv.Itoa(i)
		m, ok := b.(map[string]any)
		if !ok || u.exact(bp) || u.exact(bp+".test") || u.exact(bp+".variable") {
			return nil, nil, true
		}
		test, variable := policyString(m["test"]), policyString(m["variable"])
		if strings.Contains(test, ".") || strings.Contains(variable, ".") {
			return nil, nil, true // a path could not name it
		}
		if vals[test] == nil {
			vals[test] = map[string][]any{}
		}
		if u.exact(bp + ".values") {
			unknownVar[[2]string{test, variable}] = true
			vals[test][variable] = append(vals[test][variable], nil)
			continue
		}
		vals[test][variable] = append(vals[test][variable], withUnknown(m["values"], u, bp+".values")...)
	}
	res := map[string]any{}
	for test, vars := range vals {
		tm := map[string]any{}
		for variable, vs := range vars {
			if unknownVar[[2]string{test, variable}] {
				tm[variable] = nil
				rel = append(rel, test+"."+variable)
				continue
			}
			val, idx := setWithUnknown(vs)
			tm[variable] = val
			for _, j := range idx {
				rel = append(rel, test+"."+variable+"."+strconv.Itoa(j))
			}
		}
		res[test] = tm
	}
	return res, rel, false
}
