package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// rawTerm keeps query results as OPA terms: verdicts are read straight from them rather than through
// a JSON round trip.
func rawTerm(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }

func (e *Engine) evalRule(ctx context.Context, i int, input ast.Value) ruleOutput {
	rs, err := e.queries[i].Eval(ctx, rego.EvalParsedInput(input), rego.EvalGenerateJSON(rawTerm))
	if err != nil {
		return ruleOutput{err: err}
	}
	if len(rs) == 0 {
		return ruleOutput{}
	}
	var out ruleOutput
	if out.deny, err = decodeVerdicts(rs[0].Bindings["deny"]); err != nil {
		return ruleOutput{err: fmt.Errorf("deny: %w", err)}
	}
	if out.unknown, err = decodeVerdicts(rs[0].Bindings["unknown"]); err != nil {
		return ruleOutput{err: fmt.Errorf("unknown: %w", err)}
	}
	if out.notApplicable, err = decodeVerdicts(rs[0].Bindings["not_applicable"]); err != nil {
		return ruleOutput{err: fmt.Errorf("not_applicable: %w", err)}
	}
	return out
}

// decodeVerdicts reads a rule's results. Well-formed results (the only kind the built-in rules
// produce) are read directly; anything else takes the JSON path, which decides what a user's policy
// may return and how it fails. Both give the same values: evidence numbers are float64, as
// encoding/json decodes them.
func decodeVerdicts(v any) ([]verdict, error) {
	t, _ := v.(*ast.Term)
	if t == nil {
		return nil, nil
	}
	var elems []*ast.Term
	switch v := t.Value.(type) {
	case *ast.Array:
		elems = make([]*ast.Term, v.Len())
		for i := range elems {
			elems[i] = v.Elem(i)
		}
	case ast.Set:
		elems = append(make([]*ast.Term, 0, v.Len()), v.Slice()...) // in the set's order, as a comprehension over it gives them
	}
	if elems != nil {
		out := make([]verdict, len(elems))
		fast := true
		for i := 0; i < len(elems) && fast; i++ {
			fast = fastVerdict(elems[i].Value, &out[i])
		}
		if fast {
			return out, nil
		}
	}
	if set, ok := t.Value.(ast.Set); ok {
		return decodeVerdictsJSON(set.Sorted())
	}
	return decodeVerdictsJSON(t.Value)
}

func decodeVerdictsJSON(v ast.Value) ([]verdict, error) {
	doc, err := ast.JSONWithOpt(v, ast.JSONOpt{})
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var out []verdict
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("each result must be an object with resource, message, evidence, missing: %w", err)
	}
	for _, vd := range out {
		if vd.Resource == "" {
			return nil, fmt.Errorf("a result has no resource id: %s", raw)
		}
	}
	return out, nil
}

// fastVerdict decodes {"resource": string, "message": string, "evidence": object, "missing": [string]}
// (message, evidence and missing optional or null) and reports false for anything else.
func fastVerdict(v ast.Value, vd *verdict) bool {
	obj, ok := v.(ast.Object)
	if !ok {
		return false
	}
	ok = true
	obj.Foreach(func(k, val *ast.Term) {
		if !ok {
			return
		}
		key, isStr := k.Value.(ast.String)
		if !isStr {
			ok = false
			return
		}
		if _, null := val.Value.(ast.Null); null {
			ok = key == "resource" || key == "message" || key == "evidence" || key == "missing"
			return
		}
		switch key {
		case "resource":
			vd.Resource, ok = jsonString(val.Value)
		case "message":
			vd.Message, ok = jsonString(val.Value)
		case "evidence":
			vd.Evidence, ok = jsonEvidence(val.Value)
		case "missing":
			vd.Missing, ok = jsonStrings(val.Value)
		default:
			ok = false
		}
	})
	return ok && vd.Resource != ""
}

func jsonString(v ast.Value) (string, bool) {
	s, ok := v.(ast.String)
	return string(s), ok && utf8.ValidString(string(s))
}

func jsonStrings(v ast.Value) ([]string, bool) {
	arr, ok := v.(*ast.Array)
	if !ok {
		return nil, false
	}
	out := make([]string, arr.Len())
	for i := range out {
		if out[i], ok = jsonString(arr.Elem(i).Value); !ok {
			return nil, false
		}
	}
	return out, true
}

func jsonEvidence(v ast.Value) (map[string]any, bool) {
	if _, ok := v.(ast.Object); !ok {
		return nil, false
	}
	x, ok := jsonValue(v)
	if !ok {
		return nil, false
	}
	return x.(map[string]any), true
}

var errNotJSON = errors.New("not a JSON value")

// jsonValue converts a value to what encoding/json decodes its JSON into; false when the conversion
// could differ from the JSON round trip (invalid UTF-8, non-string keys, numbers out of range).
// Sets become arrays in iteration order, as ast.JSON makes them.
func jsonValue(v ast.Value) (any, bool) {
	switch v := v.(type) {
	case ast.Null:
		return nil, true
	case ast.Boolean:
		return bool(v), true
	case ast.String:
		return jsonString(v)
	case ast.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		return f, err == nil
	case *ast.Array:
		out := make([]any, v.Len())
		for i := range out {
			x, ok := jsonValue(v.Elem(i).Value)
			if !ok {
				return nil, false
			}
			out[i] = x
		}
		return out, true
	case ast.Set:
		out := make([]any, 0, v.Len())
		ok := true
		_ = v.Iter(func(x *ast.Term) error {
			var e any
			if e, ok = jsonValue(x.Value); !ok {
				return errNotJSON
			}
			out = append(out, e)
			return nil
		})
		return out, ok
	case ast.Object:
		out := make(map[string]any, v.Len())
		ok := true
		v.Foreach(func(k, val *ast.Term) {
			if !ok {
				return
			}
			key, isStr := k.Value.(ast.String)
			if !isStr || !utf8.ValidString(string(key)) {
				ok = false
				return
			}
			out[string(key)], ok = jsonValue(val.Value)
		})
		return out, ok
	default:
		return nil, false
	}
}
