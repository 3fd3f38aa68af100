package terraform

import (
	"encoding/json"
	"sort"
	"strings"
)

// The aws_iam_policy_document data source is computed by the AWS provider from its arguments alone, so it
// is rendered here to the JSON the provider produces; resources that embed its json attribute then carry
// the real policy. The layout follows the provider: Version first, single-element lists as strings,
// multi-element lists sorted in reverse order, "&{" interpolations turned into "${".

type policyDoc struct {
	Version   string `json:"Version,omitempty"`
	ID        string `json:"Id,omitempty"`
	Statement []any  `json:"Statement"`
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

// renderPolicyDocument returns the indented and minified JSON of an aws_iam_policy_document's evaluated
// arguments (as attrsToGo returns them). ok is false when any input is unknown or a source document
// cannot be parsed. attrs is not modified.
func renderPolicyDocument(attrs map[string]any, unknown []string) (pretty, minified string, ok bool) {
	if len(unknown) > 0 {
		return "", "", false
	}
	doc := policyDoc{Version: "2012-10-17"}
	var stmts []any
	sidIdx := map[string]int{}
	add := func(s any, sid string) {
		if sid != "" {
			if i, ok := sidIdx[sid]; ok {
				stmts[i] = s
				return
			}
			sidIdx[sid] = len(stmts)
		}
		stmts = append(stmts, s)
	}
	merge := func(list any) bool {
		for _, src := range asList(list) {
			s, isStr := src.(string)
			if !isStr {
				return false
			}
			var d map[string]any
			if err := json.Unmarshal([]byte(s), &d); err != nil {
				return false
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
					return false
				}
				sid, _ := m["Sid"].(string)
				add(m, sid)
			}
		}
		return true
	}
	if !merge(attrs["source_policy_documents"]) || !merge(attrs["source_json"]) {
		return "", "", false
	}
	if v, ok := attrs["version"].(string); ok && v != "" {
		doc.Version = v
	}
	if v, ok := attrs["policy_id"].(string); ok && v != "" {
		doc.ID = v
	}
	for _, x := range asList(attrs["statement"]) {
		m, isMap := x.(map[string]any)
		if !isMap {
			continue
		}
		st := policyStatement{Effect: "Allow"}
		st.Sid, _ = m["sid"].(string)
		if e, ok := m["effect"].(string); ok && e != "" {
			st.Effect = e
		}
		st.Actions = stringSet(m["actions"])
		st.NotActions = stringSet(m["not_actions"])
		st.Resources = stringSet(m["resources"])
		st.NotResources = stringSet(m["not_resources"])
		st.Principals = principals(m["principals"])
		st.NotPrincipals = principals(m["not_principals"])
		st.Conditions = conditions(m["condition"])
		add(st, st.Sid)
	}
	if !merge(attrs["override_policy_documents"]) || !merge(attrs["override_json"]) {
		return "", "", false
	}
	doc.Statement = stmts
	if doc.Statement == nil {
		doc.Statement = []any{}
	}
	p, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return "", "", false
	}
	mb, err := json.Marshal(doc)
	if err != nil {
		return "", "", false
	}
	return string(p), string(mb), true
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

// strings collects the strings of a list attribute, deduplicated, with IAM policy variables written
// "&{...}" turned into "${...}".
func policyStrings(v any) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range asList(v) {
		s, ok := x.(string)
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
		t, _ := m["type"].(string)
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
		test, _ := m["test"].(string)
		variable, _ := m["variable"].(string)
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
