package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/vigil-audit/vigil/engine/ireval"
)

// verdictKinds are the rule outputs the engine reads, in the order resultsQueryParts binds them.
var verdictKinds = []string{"deny", "unknown", "not_applicable"}

// rawTerm keeps query results as OPA terms: verdicts are read straight from them rather than through
// a JSON round trip.
func rawTerm(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }

// queryCache is a query's cache of virtual documents (the rules' and helpers' values), emptied once the
// query has returned. OPA's evaluators go back to sync.Pools when a query ends and keep pointing at its
// cache until the second garbage collection after that: without release, the documents of the last
// queries (about 300 MiB for every rule over 100,000 resources) stay live while the next rules run.
type queryCache struct{ topdown.VirtualCache }

func newQueryCache() *queryCache { return &queryCache{topdown.NewVirtualCache()} }

// release drops the cached documents; the evaluators that still point at the cache find it empty.
func (c *queryCache) release() { c.VirtualCache = topdown.NewVirtualCache() }

// evalRule evaluates rule i, from its plan when planned and it has one.
func (e *Engine) evalRule(ctx context.Context, i int, input ast.Value, planned bool) ruleOutput {
	if planned && e.plans.funcs[i] != nil {
		run := e.plans.program.NewRun(ctx, input, time.Time{})
		out := e.plannedOutput(run, i)
		run.Close()
		if out.err == nil || ctx.Err() != nil {
			return out
		}
	}
	rs, err := evalQuery(ctx, e.compiler, &e.queries[i], input)
	if err != nil {
		return ruleOutput{err: err}
	}
	if len(rs) == 0 {
		return ruleOutput{}
	}
	return outputFromBindings(rs[0].Bindings, "")
}

// plannedOutput computes rule i's verdicts from the plan, as resultsQueryParts binds them. A rule that
// stops with an error is evaluated again by OPA (evalRule, evalGroup), whose error names the rule's
// file and line the way every other policy error does.
func (e *Engine) plannedOutput(run *ireval.Run, i int) ruleOutput {
	bindings := rego.Vars{}
	for k, v := range e.verdicts[i] {
		fn := e.plans.funcs[i][k]
		if fn < 0 {
			continue
		}
		val, err := run.Call(fn)
		if err != nil {
			return ruleOutput{err: err}
		}
		switch {
		case val == nil:
		case v.multi:
			bindings[v.kind] = val
			if elems, ok := run.Elements(fn); ok {
				bindings[v.kind] = addedOrder(elems)
			}
		default:
			bindings[v.kind+"_value"] = ast.ArrayTerm(val)
		}
	}
	return outputFromBindings(bindings, "")
}

// evalGroup evaluates every rule of a group together (from their plans when planned and all have
// one), so that what their packages share (the helpers
// of policies/lib that are rules, such as the security groups open to the internet or the IAM
// documents of the wrong shape) is computed once. It returns one output per rule of the group, or the
// first error, which the caller attributes by evaluating the rules one by one.
func (e *Engine) evalGroup(ctx context.Context, g *ruleGroup, input ast.Value, planned bool) ([]ruleOutput, error) {
	outs := make([]ruleOutput, len(g.rules))
	for _, i := range g.rules {
		planned = planned && e.plans.funcs[i] != nil
	}
	if planned {
		run := e.plans.program.NewRun(ctx, input, time.Time{})
		defer run.Close()
		for k, i := range g.rules {
			if outs[k] = e.plannedOutput(run, i); outs[k].err != nil {
				return nil, outs[k].err
			}
		}
		return outs, nil
	}
	rs, err := evalQuery(ctx, e.compiler, &g.query, input)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return outs, nil
	}
	for k := range g.rules {
		outs[k] = outputFromBindings(rs[0].Bindings, groupPrefix(k))
	}
	return outs, nil
}

// evalQuery evaluates a query in OPA's evaluator. A panic in it is the query's error: OPA panics on
// some values an input can hold (a rule comparing +Inf, which the Terraform scanner made of 1e1000000),
// and one rule must not end the whole run.
func evalQuery(ctx context.Context, compiler *ast.Compiler, q *lazyQuery, input ast.Value) (rs rego.ResultSet, err error) {
	pq, err := q.get(ctx, compiler)
	if err != nil {
		return nil, err
	}
	cache := newQueryCache()
	defer cache.release()
	defer func() {
		if p := recover(); p != nil {
			rs, err = nil, fmt.Errorf("policy evaluation stopped by a panic in OPA: %v", p)
		}
	}()
	return pq.Eval(ctx, rego.EvalParsedInput(input), rego.EvalGenerateJSON(rawTerm), rego.EvalVirtualCache(cache))
}

// outputFromBindings reads one rule's verdicts from the bindings of resultsQueryParts with this prefix.
func outputFromBindings(bindings rego.Vars, prefix string) ruleOutput {
	var out ruleOutput
	for _, kind := range verdictKinds {
		v, ok := bindings[prefix+kind]
		if !ok {
			v = definedValue(bindings[prefix+kind+"_value"])
		}
		verdicts, problems := decodeVerdicts(v)
		for _, p := range problems {
			out.problems = append(out.problems, kind+" "+p)
		}
		switch kind {
		case "deny":
			out.deny = verdicts
		case "unknown":
			out.unknown = verdicts
		default:
			out.notApplicable = verdicts
		}
	}
	return out
}

// definedValue unwraps the list resultsQueryParts binds to deny_value (or unknown_value): the rule's value
// when it is defined, nil when it is not.
func definedValue(v any) any {
	t, _ := v.(*ast.Term)
	if t == nil {
		return nil
	}
	if arr, ok := t.Value.(*ast.Array); ok && arr.Len() == 1 {
		return arr.Elem(0)
	}
	return nil
}

// decodeVerdicts reads a rule's results: a set's ordered by resource (byResource), an array's in its
// order. Well-formed results (the only kind the built-in rules produce) are read directly; anything
// else is checked field by field, so that a user's policy learns exactly what is wrong with a result: each malformed
// result is a problem ("result {...}: message must be a string, got number") and is dropped.
// Both paths give the same values: evidence numbers are float64, as encoding/json decodes them.
func decodeVerdicts(v any) ([]verdict, []string) {
	if added, ok := v.(addedOrder); ok {
		return decodeElements(byResource(added))
	}
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
		elems = byResource(v.Slice())
	case ast.Object:
		// deny[key] := result: the results are the values, in key order.
		for _, k := range v.Keys() {
			elems = append(elems, v.Get(k))
		}
	default:
		return nil, []string{fmt.Sprintf("must be a set of result objects (deny contains {...}), got %s %s", ast.ValueName(t.Value), abbreviate(t.String(), 100))}
	}
	return decodeElements(elems)
}

// decodeElements reads the results of decodeVerdicts, in order.
func decodeElements(elems []*ast.Term) ([]verdict, []string) {
	out := make([]verdict, 0, len(elems))
	var problems []string
	for _, el := range elems {
		var vd verdict
		if fastVerdict(el.Value, &vd) {
			out = append(out, vd)
			continue
		}
		vd, problem := checkVerdict(el.Value)
		if problem != "" {
			problems = append(problems, fmt.Sprintf("result %s: %s", abbreviate(el.String(), 200), problem))
			continue
		}
		out = append(out, vd)
	}
	return out, problems
}

// addedOrder is the elements of a rule's set in the order a run of the plans added them
// (ireval.Run.Elements): the set's own order would cost a sort of the results by deep comparison.
type addedOrder []*ast.Term

var resourceKey = ast.InternedTerm("resource")

// byResource returns a copy of the elements of a rule's set ordered by the resource they name, and the
// results of a resource in the set's order (a malformed one, which names none, as resource ""): the
// results of one resource are merged in that order (their messages joined), whatever order the
// elements came in, so both evaluators give the same report.
func byResource(elems []*ast.Term) []*ast.Term {
	type keyed struct {
		resource string
		t        *ast.Term
	}
	list := make([]keyed, len(elems))
	for i, t := range elems {
		list[i].t = t
		if obj, ok := t.Value.(ast.Object); ok {
			if r := obj.Get(resourceKey); r != nil {
				s, _ := r.Value.(ast.String)
				list[i].resource = string(s)
			}
		}
	}
	slices.SortStableFunc(list, func(a, b keyed) int {
		if c := strings.Compare(a.resource, b.resource); c != 0 {
			return c
		}
		return ast.TermValueCompare(a.t, b.t)
	})
	out := make([]*ast.Term, len(list))
	for i, k := range list {
		out[i] = k.t
	}
	return out
}

// verdictShape is what a result must look like, for messages.
const verdictShape = `a result is an object {"resource": string, "message": string, "evidence": object, "missing": [string]}`

// checkVerdict decodes a result that fastVerdict did not take, and says what is wrong with it when it
// is malformed: not an object, a field of the wrong type, an unknown field (a typo such as "mesage"
// would otherwise drop the message), or no resource id.
func checkVerdict(v ast.Value) (verdict, string) {
	obj, ok := v.(ast.Object)
	if !ok {
		return verdict{}, fmt.Sprintf("%s, got %s", verdictShape, ast.ValueName(v))
	}
	var vd verdict
	var problem string
	wrongType := func(field, want string, got ast.Value) {
		problem = fmt.Sprintf("%s must be %s, got %s", field, want, ast.ValueName(got))
	}
	for _, k := range obj.Keys() { // sorted keys: the first problem reported is the same on every run
		val := obj.Get(k).Value
		key, isStr := k.Value.(ast.String)
		if !isStr {
			return verdict{}, fmt.Sprintf("field name %s is not a string; %s", k, verdictShape)
		}
		_, null := val.(ast.Null)
		switch key {
		case "resource":
			s, ok := val.(ast.String)
			if !ok {
				wrongType("resource", "a string (a resource id of the inventory)", val)
				break
			}
			vd.Resource = validUTF8(string(s))
		case "message":
			if null {
				break
			}
			s, ok := val.(ast.String)
			if !ok {
				wrongType("message", "a string", val)
				break
			}
			vd.Message = validUTF8(string(s))
		case "evidence":
			if null {
				break
			}
			if _, ok := val.(ast.Object); !ok {
				wrongType("evidence", "an object", val)
				break
			}
			x, err := valueJSON(val)
			if err != nil {
				problem = fmt.Sprintf("evidence is not a JSON value: %v", err)
				break
			}
			vd.Evidence = x.(map[string]any)
		case "missing":
			if null {
				break
			}
			arr, ok := val.(*ast.Array)
			if !ok {
				wrongType("missing", "a list of attribute paths (strings)", val)
				break
			}
			for i := 0; i < arr.Len() && problem == ""; i++ {
				s, ok := arr.Elem(i).Value.(ast.String)
				if !ok {
					wrongType(fmt.Sprintf("missing[%d]", i), "a string", arr.Elem(i).Value)
					break
				}
				vd.Missing = append(vd.Missing, validUTF8(string(s)))
			}
		default:
			problem = fmt.Sprintf("unknown field %q; %s", string(key), verdictShape)
		}
		if problem != "" {
			return verdict{}, problem
		}
	}
	if vd.Resource == "" {
		return verdict{}, "resource is missing or empty: each result names the id of the resource it judges"
	}
	return vd, ""
}

// validUTF8 turns a string into what its JSON round trip gives: invalid bytes become U+FFFD.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	raw, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(raw, &out)
	return out
}

// valueJSON converts a value as jsonValue does, falling back to a JSON round trip for what jsonValue
// declines (invalid UTF-8, non-string object keys).
func valueJSON(v ast.Value) (any, error) {
	if x, ok := jsonValue(v); ok {
		return x, nil
	}
	doc, err := ast.JSONWithOpt(v, ast.JSONOpt{})
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var x any
	if err := json.Unmarshal(raw, &x); err != nil {
		return nil, err
	}
	return x, nil
}

// abbreviate shortens s to at most n bytes (on a rune boundary), marking the cut.
func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
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

// Caps on what one result carries into reports. A rule's message and evidence are copied into every
// format (and a SARIF upload or a pull-request comment has its own size limits); a custom rule that
// returns a 2 MB message would otherwise put 2 MB in every report, once per result.
const (
	// MaxMessageBytes caps a result's message; the rest is replaced by "… (N more bytes)".
	MaxMessageBytes = 4096
	// MaxEvidenceString caps each string in evidence (and each entry of missing), like a message.
	MaxEvidenceString = 4096
	// MaxEvidenceElements caps the entries of each evidence list or object (and of missing): the rest
	// is replaced by one "… (N more elements)" entry (under the key "…" in an object).
	MaxEvidenceElements = 100
	// MaxEvidenceBytes caps the JSON size of a result's evidence once the above are applied: larger
	// evidence is replaced by {"…": "evidence of N bytes of JSON omitted ..."}.
	MaxEvidenceBytes = 64 << 10
)

// capFields applies the caps to a result's message, missing list and evidence, once the verdicts a rule
// returned for its resource are joined (see resultsForRule). joinMessage stops joining past the cap.
func capFields(message *string, missing *[]string, evidence *map[string]any) {
	*message = capString(*message, MaxMessageBytes)
	if m := *missing; len(m) > MaxEvidenceElements {
		*missing = append(m[:MaxEvidenceElements:MaxEvidenceElements], moreElements(len(m)-MaxEvidenceElements))
	}
	for i, m := range *missing {
		(*missing)[i] = capString(m, MaxEvidenceString)
	}
	if size, over := evidenceSize(*evidence); over || size > MaxEvidenceBytes/2 {
		ev := capEvidence(*evidence).(map[string]any)
		if raw, err := json.Marshal(ev); err == nil && len(raw) > MaxEvidenceBytes {
			ev = map[string]any{"…": fmt.Sprintf("evidence of %d bytes of JSON omitted: more than the %d-byte limit", len(raw), MaxEvidenceBytes)}
		}
		*evidence = ev
	}
}

// evidenceSize estimates the JSON size of an evidence value (without allocating: most evidence is small
// and left as it is) and reports whether a string or a collection is over its cap.
func evidenceSize(v any) (size int, over bool) {
	switch v := v.(type) {
	case string:
		return len(v) + 2, len(v) > MaxEvidenceString
	case []any:
		size, over = 2, len(v) > MaxEvidenceElements
		for _, x := range v {
			n, o := evidenceSize(x)
			size, over = size+n+1, over || o
		}
	case map[string]any:
		size, over = 2, len(v) > MaxEvidenceElements
		for k, x := range v {
			n, o := evidenceSize(x)
			size, over = size+len(k)+n+4, over || o || len(k) > MaxEvidenceString
		}
	default:
		size = 24 // a number, a bool or null
	}
	return size, over
}

// capString cuts s to at most n bytes on a rune boundary, saying how many bytes were left out.
func capString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}

func moreElements(n int) string { return fmt.Sprintf("… (%d more elements)", n) }

// capEvidence caps the strings and collections of an evidence value (as encoding/json decodes it).
// Object entries are kept in key order, so the same evidence is cut the same way on every run.
func capEvidence(v any) any {
	switch v := v.(type) {
	case string:
		return capString(v, MaxEvidenceString)
	case []any:
		n := min(len(v), MaxEvidenceElements)
		out := make([]any, n, n+1)
		for i := range n {
			out[i] = capEvidence(v[i])
		}
		if len(v) > n {
			out = append(out, moreElements(len(v)-n))
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		out := make(map[string]any, min(len(keys), MaxEvidenceElements+1))
		for i, k := range keys {
			if i == MaxEvidenceElements {
				out["…"] = moreElements(len(keys) - i)
				break
			}
			out[capString(k, MaxEvidenceString)] = capEvidence(v[k])
		}
		return out
	default:
		return v
	}
}
