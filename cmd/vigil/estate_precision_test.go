package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

// TestEstatePrecision scans examples/estate/precision.tf (split resources joined through a name that is
// not known, AWS managed policies attached by ARN, settings left to the AMI) and its plan, written by hand
// in Terraform's plan JSON format (testdata/estate_precision/plan.json; the variable has a value there,
// the role named by name_prefix does not). Exactly the marked results fail or are unknown, and the plan
// gives the same results as the configuration.
func TestEstatePrecision(t *testing.T) {
	const root, file = "../../examples/estate", "precision.tf"
	wantFail, wantUnknown := expectedFindings(t, root)
	wantFail, wantUnknown = onlyFile(wantFail, file), onlyFile(wantUnknown, file)
	require.NotEmpty(t, wantFail)
	require.NotEmpty(t, wantUnknown)

	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	evaluate := func(inv *inventory.Inventory) *engine.Report {
		t.Helper()
		require.True(t, inv.Complete(), "sources: %+v", inv.Sources)
		rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
		require.NoError(t, err)
		return rep
	}

	inv, err := scanners.ScanTerraform(ctx, root, scanners.TerraformOptions{})
	require.NoError(t, err)
	tf := evaluate(inv)
	var gotFail, gotUnknown []string
	byResource := map[string]string{} // resource id -> status per rule, from the configuration
	for _, r := range tf.Results {
		if !strings.HasSuffix(r.Location.File, "/"+file) {
			continue
		}
		key := fmt.Sprintf("%s:%d %s", file, r.Location.StartLine, r.RuleID)
		switch r.Status {
		case engine.StatusFail:
			gotFail = append(gotFail, key)
		case engine.StatusUnknown:
			gotUnknown = append(gotUnknown, key)
		}
		byResource[r.ResourceID+" "+r.RuleID] = string(r.Status)
	}
	sort.Strings(gotFail)
	sort.Strings(gotUnknown)
	assert.Equal(t, wantFail, gotFail, "failing findings")
	assert.Equal(t, wantUnknown, gotUnknown, "unknown findings")

	inv, err = scanners.ScanPlan(ctx, "testdata/estate_precision/plan.json", scanners.PlanOptions{})
	require.NoError(t, err)
	fromPlan := map[string]string{}
	for _, r := range evaluate(inv).Results {
		fromPlan[r.ResourceID+" "+r.RuleID] = string(r.Status)
	}
	assert.Equal(t, byResource, fromPlan, "the plan judges the estate as its configuration")
}

// onlyFile keeps the "file:line rule" keys of one file.
func onlyFile(keys []string, file string) []string {
	var out []string
	for _, k := range keys {
		if strings.HasPrefix(k, file+":") {
			out = append(out, k)
		}
	}
	return out
}
