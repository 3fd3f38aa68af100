package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

const (
	computeEstate = "../../examples/estate"
	computeFile   = "compute.tf"
	computePlan   = "testdata/estate_compute_plan.json"
)

// computeRule matches the ids of the compute rules this file checks (the estate holds other areas' too).
var computeRule = regexp.MustCompile(`^(LAMBDA|ECR|EKS|ECS)\.\d+$`)

// computeMarker reads "# expect: ID, ID unknown: ID" on a resource's header line.
var computeMarker = regexp.MustCompile(`#\s*expect:\s*([A-Z0-9., ]+?)(?:\s+unknown:\s*([A-Z0-9., ]+))?\s*$`)

// computeExpected lists "line RULE" keys of the failures and unknowns that compute.tf marks.
func computeExpected(t *testing.T) (fails, unknowns []string) {
	t.Helper()
	f, err := os.Open(filepath.Join(computeEstate, computeFile))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		m := computeMarker.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		for i, list := range []*[]string{&fails, &unknowns} {
			for _, id := range strings.Split(m[i+1], ",") {
				if id = strings.TrimSpace(id); id != "" {
					*list = append(*list, fmt.Sprintf("%d %s", line, id))
				}
			}
		}
	}
	require.NoError(t, sc.Err())
	sort.Strings(fails)
	sort.Strings(unknowns)
	return fails, unknowns
}

// computeResults evaluates inv and returns the compute rules' failures and unknowns located in
// compute.tf, and how many results each status has.
func computeResults(t *testing.T, inv *inventory.Inventory) (fails, unknowns []string, byStatus map[engine.Status]int) {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)
	byStatus = map[engine.Status]int{}
	for _, r := range rep.Results {
		if !computeRule.MatchString(r.RuleID) || filepath.Base(r.Location.File) != computeFile {
			continue
		}
		byStatus[r.Status]++
		key := fmt.Sprintf("%d %s", r.Location.StartLine, r.RuleID)
		switch r.Status {
		case engine.StatusFail:
			fails = append(fails, key)
		case engine.StatusUnknown:
			unknowns = append(unknowns, key)
		}
	}
	sort.Strings(fails)
	sort.Strings(unknowns)
	raw, err := json.Marshal(rep)
	require.NoError(t, err)
	for _, secret := range []string{"sk_live_do_not_copy_me", "tok_do_not_copy_me"} {
		assert.NotContains(t, string(raw), secret, "an environment variable's value reached the report")
	}
	return fails, unknowns, byStatus
}

// TestEstateComputeTerraformAndPlan scans examples/estate/compute.tf and a plan of it: exactly the
// marked Lambda, ECR, EKS and ECS rules fail or are unknown, the others pass, and both sources agree.
func TestEstateComputeTerraformAndPlan(t *testing.T) {
	wantFail, wantUnknown := computeExpected(t)
	require.NotEmpty(t, wantFail)
	require.NotEmpty(t, wantUnknown)
	ctx := context.Background()

	hcl, err := scanners.ScanTerraform(ctx, computeEstate, scanners.TerraformOptions{})
	require.NoError(t, err)
	require.True(t, hcl.Complete(), "sources: %+v", hcl.Sources)
	var inv bytes.Buffer
	require.NoError(t, hcl.Write(&inv))
	for _, secret := range []string{"sk_live_do_not_copy_me", "tok_do_not_copy_me"} {
		assert.NotContains(t, inv.String(), secret, "an environment variable's value reached the inventory")
	}
	fails, unknowns, hclStatus := computeResults(t, hcl)
	assert.Equal(t, wantFail, fails, "terraform: failing")
	assert.Equal(t, wantUnknown, unknowns, "terraform: unknown")
	assert.Positive(t, hclStatus[engine.StatusPass])
	assert.Positive(t, hclStatus[engine.StatusNotApplicable])

	plan, err := scanners.ScanPlan(ctx, computePlan, scanners.PlanOptions{ConfigDir: computeEstate})
	require.NoError(t, err)
	require.True(t, plan.Complete(), "sources: %+v", plan.Sources)
	inv.Reset()
	require.NoError(t, plan.Write(&inv))
	assert.NotContains(t, inv.String(), "sk_live_do_not_copy_me")
	assert.NotContains(t, inv.String(), "tok_do_not_copy_me")
	fails, unknowns, planStatus := computeResults(t, plan)
	assert.Equal(t, wantFail, fails, "plan: failing")
	assert.Equal(t, wantUnknown, unknowns, "plan: unknown")
	assert.Equal(t, hclStatus, planStatus, "the plan and the configuration give the same results")
}
