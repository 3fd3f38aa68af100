package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// TestPlansMatchTopdown holds the evaluation from OPA's plans (engine/ireval) to OPA's own evaluator:
// every rule, over inventories of every type the rules read, as built and with their attributes
// mutated at random (removed, nulled, of another type, declared unknown), gives the same report.
func TestPlansMatchTopdown(t *testing.T) {
	ctx := context.Background()
	planned, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	topdown, err := engine.New(ctx, engine.Options{Topdown: true})
	require.NoError(t, err)

	n := 10_000
	if testing.Short() {
		n = 2_000
	}
	cases := []struct {
		name  string
		seed  uint64
		ratio float64
	}{
		{"as built", 0, 0},
		{"few mutations", 1, 0.05},
		{"many mutations", 2, 0.3},
		{"most mutated", 3, 0.7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			build := func() *inventory.Inventory {
				inv := syntheticInventory(t, n)
				if tc.ratio > 0 {
					rng := rand.New(rand.NewPCG(tc.seed, 7))
					for i := range inv.Resources {
						mutateResource(rng, &inv.Resources[i], tc.ratio)
					}
				}
				return inv
			}
			for _, dr := range []bool{false, true} {
				opts := engine.EvalOptions{}
				if dr {
					opts.DR = samplePosture()
				}
				want, wantErr := topdown.Evaluate(ctx, build(), opts)
				got, gotErr := planned.Evaluate(ctx, build(), opts)
				require.True(t, engine.RulePlanned(planned, "S3.1"), "the inventory is large enough to be evaluated from the plans")
				if wantErr != nil {
					require.EqualError(t, gotErr, wantErr.Error())
					continue
				}
				require.NoError(t, gotErr)
				require.Equal(t, len(want.Results), len(got.Results))
				for i := range want.Results {
					require.Equal(t, want.Results[i], got.Results[i], "result %d", i)
				}
				require.Equal(t, want.Summary, got.Summary)
			}
		})
	}
}

// mutateResource changes attribute values of r with probability ratio each: removes them, makes them
// null or of another type, or declares the path unknown.
func mutateResource(rng *rand.Rand, r *inventory.Resource, ratio float64) {
	var walk func(path string, v any) (any, bool)
	walk = func(path string, v any) (any, bool) {
		if rng.Float64() < ratio {
			switch rng.IntN(7) {
			case 0:
				return nil, false // removed
			case 1:
				return nil, true
			case 2:
				return "x", true
			case 3:
				return float64(rng.IntN(400)), true
			case 4:
				return rng.IntN(2) == 0, true
			case 5:
				return []any{"*", float64(1)}, true
			case 6:
				r.Unknown = append(r.Unknown, path)
				return v, true
			}
		}
		switch v := v.(type) {
		case map[string]any:
			out := make(map[string]any, len(v))
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			slices.Sort(keys) // the mutations do not depend on the map's order
			for _, k := range keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				if nv, keep := walk(p, v[k]); keep {
					out[k] = nv
				}
			}
			return out, true
		case []any:
			out := make([]any, 0, len(v))
			for i, e := range v {
				if nv, keep := walk(fmt.Sprintf("%s.%d", path, i), e); keep {
					out = append(out, nv)
				}
			}
			return out, true
		}
		return v, true
	}
	// A round trip through JSON gives the attributes the types a saved inventory has.
	raw, _ := json.Marshal(r.Attributes)
	var attrs map[string]any
	_ = json.Unmarshal(raw, &attrs)
	mutated, _ := walk("", attrs)
	r.Attributes, _ = mutated.(map[string]any)
	if r.Attributes == nil {
		r.Attributes = map[string]any{}
	}
}

// TestUnplannablePolicyKeepsBuiltinPlans: a custom policy with a with statement cannot be planned. It
// is evaluated by OPA's evaluator, the built-in rules still from their plan, and both give what OPA's
// evaluator alone gives.
func TestUnplannablePolicyKeepsBuiltinPlans(t *testing.T) {
	ctx := context.Background()
	planned, topdown := bothEvaluators(t, "testdata/policies/with")

	inv := func() *inventory.Inventory {
		inv := syntheticInventory(t, 2_000)
		inv.Resources = append(inv.Resources,
			inventory.Resource{ID: "trail.single", Type: inventory.TypeCloudTrailTrail, Name: "single",
				Attributes: map[string]any{"is_multi_region_trail": false}},
			inventory.Resource{ID: "trail.multi", Type: inventory.TypeCloudTrailTrail, Name: "multi",
				Attributes: map[string]any{"is_multi_region_trail": true}})
		return inv
	}
	want, err := topdown.Evaluate(ctx, inv(), engine.EvalOptions{})
	require.NoError(t, err)
	got, err := planned.Evaluate(ctx, inv(), engine.EvalOptions{})
	require.NoError(t, err)
	require.True(t, engine.RulePlanned(planned, "S3.1"))
	require.False(t, engine.RulePlanned(planned, "WITH.1"))
	require.False(t, engine.RulePlanned(topdown, "S3.1"))
	require.Equal(t, want.Results, got.Results)
	var single, multi engine.Status
	for _, r := range got.Results {
		if r.RuleID == "WITH.1" && r.ResourceID == "trail.single" {
			single = r.Status
		}
		if r.RuleID == "WITH.1" && r.ResourceID == "trail.multi" {
			multi = r.Status
		}
	}
	require.Equal(t, engine.StatusFail, single)
	require.Equal(t, engine.StatusPass, multi)
}

// TestPlansKeepTheOrderOfAResourcesResults: the results of one rule for one resource are merged (their
// messages joined) in the order of the rule's set, though the plans list them in the order they were
// added; problems (results for resources outside the rule, malformed results) are listed in the same
// order by both evaluators.
func TestPlansKeepTheOrderOfAResourcesResults(t *testing.T) {
	ctx := context.Background()
	for _, dir := range []string{"testdata/policies/order", "testdata/policies/order_errors"} {
		t.Run(dir, func(t *testing.T) {
			planned, topdown := bothEvaluators(t, dir)
			inv := func() *inventory.Inventory {
				inv := syntheticInventory(t, 2_000)
				for i, problems := range [][]any{{"zeta", "alpha", "mid"}, {"b", "a"}, {"only"}} {
					inv.Resources = append(inv.Resources, inventory.Resource{ID: fmt.Sprintf("order-%d", 2-i),
						Type: inventory.TypeS3Bucket, Name: "b", Attributes: map[string]any{"problems": problems,
							"unknowns": []any{"y", "x", "z"}}})
				}
				return inv
			}
			want, wantErr := topdown.Evaluate(ctx, inv(), engine.EvalOptions{})
			got, gotErr := planned.Evaluate(ctx, inv(), engine.EvalOptions{})
			if wantErr != nil {
				require.Error(t, gotErr)
				require.Equal(t, wantErr.Error(), gotErr.Error())
				return
			}
			require.NoError(t, gotErr)
			require.True(t, engine.RulePlanned(planned, "ORDER.1"))
			require.Equal(t, want.Results, got.Results)
			messages := map[string]string{}
			for _, r := range got.Results {
				if r.RuleID == "ORDER.1" {
					messages[r.ResourceID] = r.Message
				}
			}
			require.Equal(t, "alpha; mid; zeta", messages["order-2"])
		})
	}
}

// bothEvaluators makes two engines with the built-in rules and the policies of dir: one that evaluates
// large inventories from the plans, and one that evaluates everything with OPA's evaluator.
func bothEvaluators(t *testing.T, dir string) (planned, topdown *engine.Engine) {
	t.Helper()
	opts := engine.Options{PolicyDirs: []string{dir}}
	planned, err := engine.New(context.Background(), opts)
	require.NoError(t, err)
	opts.Topdown = true
	topdown, err = engine.New(context.Background(), opts)
	require.NoError(t, err)
	return planned, topdown
}
