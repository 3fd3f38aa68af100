package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// ErrNotPolicy means a value is not an IAM policy document of the shape the schema requires.
var ErrNotPolicy = errors.New("not an IAM policy document")

// policyListKeys are the statement elements that are always lists of strings in the inventory.
var policyListKeys = []string{"Action", "NotAction", "Resource", "NotResource"}

// ParsePolicyDocument decodes a JSON IAM policy document and normalises it (NormalizePolicyDocument).
// Every scanner uses it, so Terraform, plan and live documents have one shape.
func ParsePolicyDocument(s string) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse policy document: %w", err)
	}
	if dec.More() {
		return nil, errors.New("parse policy document: trailing data")
	}
	return NormalizePolicyDocument(doc)
}

// NormalizePolicyDocument makes Statement a list and Action, NotAction, Resource and NotResource lists
// of strings, and turns JSON numbers into int64 or float64, so rules read one shape. It copies v.
func NormalizePolicyDocument(v any) (map[string]any, error) {
	m, ok := normalizeJSON(v).(map[string]any)
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

// normalizeJSON copies a decoded JSON value, turning json.Number into int64 or float64.
func normalizeJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(x.String(), 10, 64); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalizeJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeJSON(e)
		}
		return out
	}
	return v
}
