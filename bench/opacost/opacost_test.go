package opacost

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// resources is the number of buckets in the input; a third of them have versioning disabled.
const resources = 100_000

// input builds {"by_type": {"s3": [bucket, ...]}} as the engine's input holds resources.
func input() ast.Value {
	list := make([]*ast.Term, resources)
	for i := range list {
		list[i] = ast.NewTerm(ast.MustInterfaceToValue(map[string]any{
			"id": fmt.Sprintf("r%d", i), "name": fmt.Sprintf("b%d", i), "unknown": []any{},
			"attributes": map[string]any{
				"bucket":     fmt.Sprintf("b%d", i),
				"versioning": map[string]any{"enabled": i%3 != 0, "configured": true},
			},
		}))
	}
	byType := ast.NewObject([2]*ast.Term{ast.StringTerm("s3"), ast.NewTerm(ast.NewArray(list...))})
	return ast.NewObject([2]*ast.Term{ast.StringTerm("by_type"), ast.NewTerm(byType)})
}

// shapes are deny rules that differ in one thing each; the benchmark's name is the shape's.
var shapes = []struct{ name, body string }{
	// every resource, its id into the set: the cost of the walk itself
	{"walk", `deny contains r.id if {
	some r in input.by_type.s3
}`},
	// the negated test every resource takes, and no result (it never fails)
	{"test-passes", `deny contains r.id if {
	some r in input.by_type.s3
	not r.attributes.versioning.configured == true
}`},
	// the same test failing a third of them, the id as the result
	{"test-fails-id", `deny contains r.id if {
	some r in input.by_type.s3
	not r.attributes.versioning.enabled == true
}`},
	// the failures' result as an object with a constant message
	{"fails-object", `deny contains result if {
	some r in input.by_type.s3
	not r.attributes.versioning.enabled == true
	result := {"resource": r.id, "message": "versioning disabled"}
}`},
	// the message made with sprintf
	{"fails-object-sprintf", `deny contains result if {
	some r in input.by_type.s3
	not r.attributes.versioning.enabled == true
	result := {"resource": r.id, "message": sprintf("bucket %q has versioning disabled", [r.name])}
}`},
	// and evidence, as the built-in rules give it
	{"fails-object-sprintf-evidence", `deny contains result if {
	some r in input.by_type.s3
	not r.attributes.versioning.enabled == true
	result := {
		"resource": r.id,
		"message": sprintf("bucket %q has versioning disabled", [r.name]),
		"evidence": {"versioning.enabled": object.get(r.attributes, ["versioning", "enabled"], false)},
	}
}`},
}

// BenchmarkShapes evaluates each shape over the input, as the engine does: a prepared query, the input
// as a parsed value, results kept as terms. ns/op over 100,000 resources is the cost per resource; the
// difference between two shapes over the 33,334 failing resources is the cost of what they add.
func BenchmarkShapes(b *testing.B) {
	ctx := context.Background()
	in := input()
	asTerm := func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }
	for _, shape := range shapes {
		module := "package shape\n\n" + shape.body + "\n"
		pq, err := rego.New(rego.Query("deny := data.shape.deny"), rego.Module("shape.rego", module),
			rego.StrictBuiltinErrors(true)).PrepareForEval(ctx)
		if err != nil {
			b.Fatalf("%s: %v", shape.name, err)
		}
		b.Run(shape.name, func(b *testing.B) {
			for b.Loop() {
				rs, err := pq.Eval(ctx, rego.EvalParsedInput(in), rego.EvalGenerateJSON(asTerm))
				if err != nil {
					b.Fatal(err)
				}
				if len(rs) != 1 {
					b.Fatalf("%d result sets", len(rs))
				}
			}
		})
	}
}

// TestShapesAgree keeps the benchmark honest: each failing shape finds the same 33,334 buckets, the
// walk every bucket, and the passing test none.
func TestShapesAgree(t *testing.T) {
	ctx := context.Background()
	in := input()
	for _, shape := range shapes {
		t.Run(shape.name, func(t *testing.T) {
			module := "package shape\n\n" + shape.body + "\n"
			rs, err := rego.New(rego.Query("n := count(data.shape.deny)"), rego.Module("shape.rego", module),
				rego.ParsedInput(in)).Eval(ctx)
			require.NoError(t, err)
			require.Len(t, rs, 1)
			want := map[string]int{"walk": resources, "test-passes": 0}
			n, ok := want[shape.name]
			if !ok {
				n = (resources + 2) / 3
			}
			assert.Equal(t, json.Number(fmt.Sprint(n)), rs[0].Bindings["n"])
		})
	}
}
