package inventory

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ErrNotPolicy means a value is not an IAM policy document of the shape the schema requires.
var ErrNotPolicy = errors.New("not an IAM policy document")

// policyListKeys are the statement elements that are always lists of strings in the inventory.
var policyListKeys = []string{"Action", "NotAction", "Resource", "NotResource"}

// ParsePolicyDocument decodes a JSON IAM policy document and normalises it (NormalizePolicyDocument).
// Every scanner uses it, so Terraform, plan and live documents have one shape.
func ParsePolicyDocument(s string) (map[string]any, error) {
	doc, err := DecodeJSON([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("parse policy document: %w", err)
	}
	return NormalizePolicyDocument(doc)
}

// NormalizePolicyDocument makes Statement a list and Action, NotAction, Resource and NotResource lists
// of strings, and turns JSON numbers into int64 or float64, so rules read one shape. It copies v.
func NormalizePolicyDocument(v any) (map[string]any, error) {
	m, ok := CopyJSON(v).(map[string]any)
	if !ok {
		return nil, ErrNotPolicy
	}
	var stmts []any
	switch s := m["Statement"].(type) {
	case nil:
		stmts = []any{}
	case map[string]any:
		stmts = []any{s}
	case []any:
		stmts = s
	default:
		return nil, fmt.Errorf("statement: %w", ErrNotPolicy)
	}
	for _, s := range stmts {
		st, ok := s.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("statement: %w", ErrNotPolicy)
		}
		for _, k := range policyListKeys {
			v, ok := st[k]
			if !ok {
				continue
			}
			l, ok := StringList(v)
			if !ok {
				return nil, fmt.Errorf("%s: %w", k, ErrNotPolicy)
			}
			st[k] = l
		}
	}
	m["Statement"] = stmts
	return m, nil
}

// StringList accepts a string or a list of strings, as IAM policy elements may be either.
func StringList(v any) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return []string{x}, true
	case []string:
		return x, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// CopyJSON deep-copies a JSON-like value (maps and lists), turning json.Number into int64 or float64.
func CopyJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		return NumberValue(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = CopyJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = CopyJSON(e)
		}
		return out
	}
	return v
}

// ErrUnknownPolicy means a policy document's structure is not known: the document, its Statement list,
// or a key that names part of it.
var ErrUnknownPolicy = errors.New("policy document structure unknown")

// NormalizePartialPolicyDocument normalises a policy document some of whose values are unknown: v holds
// nil at each of the dotted paths in unknown (relative to the document, "Statement.1.Resource.0";
// a single Statement object's paths may omit the index). It returns the document in the shape of
// NormalizePolicyDocument and its unknown paths in that shape, sorted, at these levels:
//
//   - Statement.N when the statement is unknown as a whole, its Effect is, or its Action or NotAction
//     list is (what the statement grants is not known): the statement is null;
//   - Statement.N.<element> when an element other than those is unknown as a whole (Resource, Principal,
//     Condition, Sid, ...): its value is null, the key stays (a NotResource or NotPrincipal is still
//     there);
//   - a path below the element otherwise: Statement.N.Resource.0 (one unknown entry of a list),
//     Statement.N.Principal.AWS, Statement.N.Condition.StringEquals.aws:SourceAccount. A path naming a
//     key that is not in the document (a key holding a dot) is shortened to the part that names one.
//
// Version and Id keep their own path. It returns ErrUnknownPolicy when the document or its Statement list
// is unknown, and ErrNotPolicy when the known parts do not have a policy's shape.
func NormalizePartialPolicyDocument(v any, unknown []string) (map[string]any, []string, error) {
	if len(unknown) == 0 {
		m, err := NormalizePolicyDocument(v)
		return m, nil, err
	}
	m, ok := CopyJSON(v).(map[string]any)
	if !ok {
		return nil, nil, ErrNotPolicy
	}
	single := false
	var stmts []any
	switch s := m["Statement"].(type) {
	case nil:
		stmts = []any{}
	case map[string]any:
		stmts, single = []any{s}, true
	case []any:
		stmts = s
	default:
		return nil, nil, fmt.Errorf("statement: %w", ErrNotPolicy)
	}
	var out []string
	stmtUnknown := map[int]bool{}
	fieldUnknown := map[int]map[string]bool{}
	for _, u := range unknown {
		segs := strings.Split(u, ".")
		if u == "" || segs[0] != "Statement" {
			if u == "" {
				return nil, nil, ErrUnknownPolicy
			}
			m[segs[0]] = nil
			out = append(out, segs[0])
			continue
		}
		if single {
			segs = append([]string{"Statement", "0"}, segs[1:]...)
		}
		if len(segs) == 1 {
			return nil, nil, ErrUnknownPolicy
		}
		i, err := strconv.Atoi(segs[1])
		if err != nil || i < 0 || i >= len(stmts) {
			return nil, nil, fmt.Errorf("unknown path %q: %w", u, ErrNotPolicy)
		}
		st, _ := stmts[i].(map[string]any)
		if len(segs) == 2 || st == nil {
			stmtUnknown[i] = true
			continue
		}
		field := segs[2]
		switch {
		case field == "Effect", (field == "Action" || field == "NotAction") && len(segs) == 3:
			stmtUnknown[i] = true
			continue
		case len(segs) == 3:
			if fieldUnknown[i] == nil {
				fieldUnknown[i] = map[string]bool{}
			}
			fieldUnknown[i][field] = true
		}
		// The deepest part of the path that names a value in the document.
		var cur any = st
		n := 2
		for _, seg := range segs[2:] {
			next, found := Child(cur, seg)
			if !found {
				break
			}
			cur, n = next, n+1
		}
		if n == 2 {
			stmtUnknown[i] = true // not even the element is in the statement
			continue
		}
		if n < len(segs) {
			setChild(st, segs[2:n], nil)
			if n == 3 {
				if fieldUnknown[i] == nil {
					fieldUnknown[i] = map[string]bool{}
				}
				fieldUnknown[i][field] = true
			}
		}
		out = append(out, "Statement."+strconv.Itoa(i)+"."+strings.Join(segs[2:n], "."))
	}
	for i := range stmtUnknown {
		stmts[i] = nil
	}
	for i, s := range stmts {
		st, ok := s.(map[string]any)
		if !ok {
			if s == nil && stmtUnknown[i] {
				continue
			}
			return nil, nil, fmt.Errorf("statement: %w", ErrNotPolicy)
		}
		for _, k := range policyListKeys {
			v, ok := st[k]
			if !ok || (v == nil && fieldUnknown[i][k]) {
				continue
			}
			l, ok := partialStringList(v)
			if !ok {
				return nil, nil, fmt.Errorf("%s: %w", k, ErrNotPolicy)
			}
			st[k] = l
		}
	}
	m["Statement"] = stmts
	// A statement unknown as a whole covers its own paths; an element unknown as a whole, those below it.
	kept := out[:0]
	for _, u := range out {
		segs := strings.SplitN(u, ".", 4)
		if len(segs) >= 3 {
			i, _ := strconv.Atoi(segs[1])
			if stmtUnknown[i] || (len(segs) == 4 && fieldUnknown[i][segs[2]]) {
				continue
			}
		}
		kept = append(kept, u)
	}
	for i := range stmtUnknown {
		kept = append(kept, "Statement."+strconv.Itoa(i))
	}
	sort.Strings(kept)
	return m, slices.Compact(kept), nil
}

// partialStringList is StringList where a nil element stands for an unknown entry: the result is []any
// when one is nil.
func partialStringList(v any) (any, bool) {
	if l, ok := StringList(v); ok {
		return l, true
	}
	x, ok := v.([]any)
	if !ok {
		return nil, false
	}
	for _, e := range x {
		if _, isStr := e.(string); !isStr && e != nil {
			return nil, false
		}
	}
	return x, true
}

// setChild sets the value at path segs below v, which must exist.
func setChild(v any, segs []string, val any) {
	for i, seg := range segs {
		last := i == len(segs)-1
		switch x := v.(type) {
		case map[string]any:
			if last {
				x[seg] = val
				return
			}
			v = x[seg]
		case []any:
			j, _ := strconv.Atoi(seg)
			if last {
				x[j] = val
				return
			}
			v = x[j]
		}
	}
}
