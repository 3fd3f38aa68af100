package ireval_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine/ireval"
)

// policy is a module exercising what rules are made of: partial sets, complete rules with else,
// functions of several definitions, comprehensions, negation, every, iteration of arrays, objects and
// sets, array patterns, and built-ins.
const policy = `package t

import rego.v1

default allow := false

allow if input.user == "admin"

names contains n if {
	some r in input.resources
	n := r.name
}

by_name[r.name] := r.size if {
	some r in input.resources
	is_number(r.size)
}

big := [r.name | some r in input.resources; r.size > 10]

keys := {k | some k, _ in input.tags}

tag_values := {v | some v in input.tags}

pairs contains [k, v] if {
	some k, v in input.tags
	startswith(k, "env")
}

second := x if {
	[_, x] := input.list
}

label(r) := n if {
	n := r.name
	n != ""
} else := "unnamed"

labels := [label(r) | some r in input.resources]

kind(x) := "number" if is_number(x)

kind(x) := "string" if is_string(x)

kinds := [kind(x) | some x in input.list]

no_small if not any_small

any_small if {
	some r in input.resources
	r.size < 1
}

all_sized if {
	every r in input.resources {
		r.size >= 0
	}
}

member_b if "b" in input.list

one_equals if 1 == 1.0

msg := sprintf("%d resources, first %q", [count(input.resources), input.resources[0].name])

evidence := {"size": object.get(input.resources[0], "size", null), "missing": object.get(input.resources[0], ["a", "b"], "none")}

set_members contains x if {
	some x in {"c", "a", "b"}
	x != "b"
}

nested_first := y if {
	some x in input.list
	is_string(x)
	some y in input.resources
	y.name == x
}

undefined_ref := input.nothing.deeper

# The same keys looked up on many objects, and on objects and arrays built in the body.
rebuilt := [v |
	some r in input.resources
	o := {"name": r.name, "size": r.size}
	v := [o.name, o.size, r.name, r.size]
]

tag_lookups := x if {
	o := {k: v | some k, v in input.tags}
	x := [o.env, object.get(o, "team", "none"), input.tags.env, o.env]
}

first_elements := [a[0] | some r in input.resources; a := [r.name, r.size]]

grown contains x if {
	some r in input.resources
	x := {"n": r.name, "again": r.name}
}
`

func evalBoth(t *testing.T, modules map[string]string, query string, input any) (want, got rego.ResultSet, wantErr, gotErr error) {
	t.Helper()
	ctx := context.Background()
	var opts []func(*rego.Rego)
	for name, src := range modules {
		opts = append(opts, rego.Module(name, src))
	}
	opts = append(opts, rego.Query(query), rego.StrictBuiltinErrors(true))
	td, err := rego.New(opts...).PrepareForEval(ctx)
	require.NoError(t, err)
	ir, err := rego.New(append(opts, rego.Target(ireval.Target))...).PrepareForEval(ctx)
	require.NoError(t, err)
	want, wantErr = td.Eval(ctx, rego.EvalInput(input))
	got, gotErr = ir.Eval(ctx, rego.EvalInput(input))
	return want, got, wantErr, gotErr
}

func TestProgramMatchesTopdown(t *testing.T) {
	inputs := map[string]any{
		"full": map[string]any{
			"user": "admin",
			"resources": []any{
				map[string]any{"name": "a", "size": 12},
				map[string]any{"name": "", "size": 0.5},
				map[string]any{"name": "c", "size": "big"},
			},
			"tags": map[string]any{"env": "prod", "env2": "dev", "team": "x"},
			"list": []any{"b", 2},
		},
		"empty":          map[string]any{},
		"wrong types":    map[string]any{"user": 5, "resources": "none", "tags": []any{1, 2}, "list": map[string]any{"a": 1}},
		"nulls":          map[string]any{"user": nil, "resources": []any{nil, map[string]any{"name": nil}}, "tags": nil, "list": nil},
		"one resource":   map[string]any{"resources": []any{map[string]any{"name": "b", "size": 3}}, "list": []any{"b", "c", "d"}},
		"numbers as str": map[string]any{"resources": []any{map[string]any{"name": "1", "size": -1}}, "list": []any{1, 1.0}},
	}
	rules := []string{"allow", "names", "by_name", "big", "keys", "tag_values", "pairs", "second", "labels", "kinds",
		"no_small", "all_sized", "member_b", "one_equals", "msg", "evidence", "set_members", "nested_first", "undefined_ref",
		"rebuilt", "tag_lookups", "first_elements", "grown"}
	for name, input := range inputs {
		for _, rule := range rules {
			t.Run(name+"/"+rule, func(t *testing.T) {
				want, got, wantErr, gotErr := evalBoth(t, map[string]string{"t.rego": policy}, "x := data.t."+rule, input)
				if wantErr != nil {
					assert.Error(t, gotErr, "topdown: %v", wantErr)
					return
				}
				require.NoError(t, gotErr)
				assert.Equal(t, want, got)
			})
		}
	}
}

func TestProgramErrors(t *testing.T) {
	tests := []struct {
		name, module string
	}{
		{"conflicting complete rule", "package t\nimport rego.v1\nx := 1 if input.a\nx := 2 if input.b\n"},
		{"conflicting object key", "package t\nimport rego.v1\nx[k] := v if { some k, v in {\"a\": 1}; input.a }\nx[k] := 2 if { k := \"a\"; input.b }\n"},
		{"built-in error", "package t\nimport rego.v1\nx := lower(input.n)\n"},
		{"conflicting function", "package t\nimport rego.v1\nf(_) := 1\nf(_) := 2 if input.b\nx := f(1)\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, wantErr, gotErr := evalBoth(t, map[string]string{"t.rego": tc.module}, "x := data.t.x",
				map[string]any{"a": true, "b": true, "n": 5})
			require.Error(t, wantErr)
			require.Error(t, gotErr)
		})
	}
}

// TestPlanRefusesWith: a plan with a with statement is not run here; the caller falls back to topdown.
func TestPlanRefusesWith(t *testing.T) {
	compiler := ast.MustCompileModules(map[string]string{"t.rego": "package t\nimport rego.v1\nx := input.a\ny if {\n\tx == 1 with input.a as 1\n}\n"})
	_, err := ireval.Plan(context.Background(), compiler, "v := data.t.y")
	require.ErrorContains(t, err, "WithStmt")
	p, err := ireval.Plan(context.Background(), compiler, "v := data.t.x")
	require.NoError(t, err)
	require.GreaterOrEqual(t, p.Func("data.t.x"), 0)
	require.Equal(t, -1, p.Func("data.t.y"))
}

// TestRunCallsRulesAlone: Call computes one rule from its function, and a cancelled context stops a
// long iteration with an error.
func TestRunCallsRulesAlone(t *testing.T) {
	compiler := ast.MustCompileModules(map[string]string{"t.rego": `package t
import rego.v1
deny contains r.id if {
	some r in input.rs
	not r.ok
}
slow if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i + j == -1
}
`})
	p, err := ireval.Plan(context.Background(), compiler, "a := data.t.deny; b := data.t.slow")
	require.NoError(t, err)
	input := ast.MustParseTerm(`{"rs": [{"id": "x", "ok": true}, {"id": "y"}, {"id": "z", "ok": false}]}`).Value
	run := p.NewRun(context.Background(), input, time.Time{})
	defer run.Close()
	v, err := run.Call(p.Func("data.t.deny"))
	require.NoError(t, err)
	assert.Equal(t, 0, ast.MustParseTerm(`{"y", "z"}`).Value.Compare(v.Value), "%v", v)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = p.NewRun(ctx, input, time.Time{}).Call(p.Func("data.t.slow"))
	// Stopped by the machine (the context's error) or by the built-in it was in (a cancel error).
	require.Error(t, err)
	require.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
	require.Less(t, time.Since(start), 5*time.Second)
}

// TestElementsInTheOrderAdded: the elements of a rule's set come in the order the run added them, each
// once; a set the rule did not build element by element is not listed.
func TestElementsInTheOrderAdded(t *testing.T) {
	compiler := ast.MustCompileModules(map[string]string{"t.rego": `package t
import rego.v1
deny contains x if some x in input.xs
none contains x if some x in input.nothing
whole := {x | some x in input.xs}
`})
	p, err := ireval.Plan(context.Background(), compiler, "a := data.t.deny; b := data.t.none; c := data.t.whole")
	require.NoError(t, err)
	input := ast.MustParseTerm(`{"xs": ["z", {"k": 1}, "a", "z", {"k": 1}, "m"]}`).Value
	run := p.NewRun(context.Background(), input, time.Time{})
	defer run.Close()

	_, ok := run.Elements(p.Func("data.t.deny"))
	assert.False(t, ok, "not computed yet")
	set, err := run.Call(p.Func("data.t.deny"))
	require.NoError(t, err)
	elems, ok := run.Elements(p.Func("data.t.deny"))
	require.True(t, ok)
	var texts []string
	for _, e := range elems {
		texts = append(texts, e.String())
	}
	assert.Equal(t, []string{`"z"`, `{"k": 1}`, `"a"`, `"m"`}, texts)
	assert.Equal(t, 0, set.Value.Compare(ast.NewSet(elems...)))

	_, err = run.Call(p.Func("data.t.none"))
	require.NoError(t, err)
	elems, ok = run.Elements(p.Func("data.t.none"))
	assert.True(t, ok)
	assert.Empty(t, elems)

	_, err = run.Call(p.Func("data.t.whole"))
	require.NoError(t, err)
	_, ok = run.Elements(p.Func("data.t.whole"))
	assert.False(t, ok, "a comprehension's set is not listed")
}

// FuzzProgramMatchesTopdown evaluates every rule of the test policy over inputs the fuzzer makes:
// where both succeed, the plan gives what topdown gives.
func FuzzProgramMatchesTopdown(f *testing.F) {
	f.Add(`{"user": "admin", "resources": [{"name": "a", "size": 12}, {"name": "", "size": 0.5}], "tags": {"env": "x"}, "list": ["b", 2]}`)
	f.Add(`{"resources": "none", "tags": [1, 2], "list": {"a": 1}}`)
	f.Add(`{"resources": [null, {"name": null}], "list": [1, 1.0, "1"]}`)
	f.Add(`[]`)
	ctx := context.Background()
	query := "x := data.t"
	td, err := rego.New(rego.Module("t.rego", policy), rego.Query(query), rego.StrictBuiltinErrors(true)).PrepareForEval(ctx)
	require.NoError(f, err)
	ir, err := rego.New(rego.Module("t.rego", policy), rego.Query(query), rego.StrictBuiltinErrors(true),
		rego.Target(ireval.Target)).PrepareForEval(ctx)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, doc string) {
		input, err := ast.ParseTerm(doc)
		if err != nil || !input.IsGround() {
			return
		}
		if _, err := ast.JSON(input.Value); err != nil {
			return // not JSON: sets, or objects with keys that are not strings
		}
		want, wantErr := td.Eval(ctx, rego.EvalParsedInput(input.Value))
		got, gotErr := ir.Eval(ctx, rego.EvalParsedInput(input.Value))
		// The two may order the expressions of a body differently, so a built-in error in one can be
		// an undefined expression before it in the other: the engine evaluates a rule whose plan fails
		// again with topdown. Values must be the same.
		if wantErr == nil && gotErr == nil {
			require.Equal(t, want, got)
		}
	})
}

// TestLiteralAddedToIsNotShared: an array literal of constants is one shared value, unless a statement
// adds to it; then each run makes its own, and the literal stays what the policy wrote.
func TestLiteralAddedToIsNotShared(t *testing.T) {
	str := func(i int) ir.Operand { return ir.Operand{Value: ir.StringIndex(i)} }
	policy := &ir.Policy{
		Static: &ir.Static{Strings: []*ir.StringConst{{Value: "a"}, {Value: "b"}}},
		Plans:  &ir.Plans{Plans: []*ir.Plan{{Name: "eval", Blocks: []*ir.Block{{}}}}},
		Funcs: &ir.Funcs{Funcs: []*ir.Func{{
			Name: "g0.data.t.x", Params: []ir.Local{0, 1}, Return: 2,
			Blocks: []*ir.Block{{Stmts: []ir.Stmt{
				&ir.MakeArrayStmt{Capacity: 1, Target: 3},
				&ir.ArrayAppendStmt{Value: str(0), Array: 3},
				&ir.ArrayAppendStmt{Value: str(1), Array: 3},
				&ir.AssignVarStmt{Source: ir.Operand{Value: ir.Local(3)}, Target: 2},
				&ir.ReturnLocalStmt{Source: 2},
			}}},
		}}},
	}
	p, err := ireval.Compile(policy)
	require.NoError(t, err)
	for range 3 {
		v, err := p.NewRun(context.Background(), nil, time.Time{}).Call(p.Func("data.t.x"))
		require.NoError(t, err)
		assert.Equal(t, 0, ast.MustParseTerm(`["a", "b"]`).Value.Compare(v.Value), "%v", v)
	}
}

// constantCallCount counts the calls of the test built-in test.count_calls, which returns its argument.
var constantCallCount atomic.Int64

func init() {
	ast.RegisterBuiltin(&ast.Builtin{Name: "test.count_calls", Decl: types.NewFunction(types.Args(types.A), types.A)})
	topdown.RegisterBuiltinFunc("test.count_calls", func(_ topdown.BuiltinContext, args []*ast.Term, iter func(*ast.Term) error) error {
		constantCallCount.Add(1)
		return iter(args[0])
	})
}

// TestConstantCallsComputedOnce: a function called with the same constant arguments from several
// places of a run is computed once, as topdown caches it; with other arguments it is computed again.
func TestConstantCallsComputedOnce(t *testing.T) {
	compiler := ast.MustCompileModules(map[string]string{"t.rego": `package t
import rego.v1
f(x) := test.count_calls(x)
a := f("k")
b := [f("k"), f("k")]
c := f("other")
d := [f(r) | some r in input.rs]
`})
	p, err := ireval.Plan(context.Background(), compiler, "v := [data.t.a, data.t.b, data.t.c, data.t.d]")
	require.NoError(t, err)
	run := p.NewRun(context.Background(), ast.MustParseTerm(`{"rs": ["k", "k"]}`).Value, time.Time{})
	constantCallCount.Store(0)
	for _, rule := range []string{"data.t.a", "data.t.b", "data.t.c", "data.t.d"} {
		_, err := run.Call(p.Func(rule))
		require.NoError(t, err)
	}
	// "k" once for a and b, "other" once, and d's two calls with values from the input.
	assert.Equal(t, int64(4), constantCallCount.Load())
}
