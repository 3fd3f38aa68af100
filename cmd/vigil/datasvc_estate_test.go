package main

import (
	"bufio"
	"context"
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

// The data-service part of the mixed estate: examples/estate/datasvc.tf marks on each block's header line
// the rules it fails (# expect:) and those that cannot be judged from Terraform (# expect-unknown:). The
// same estate as a plan (testdata/datasvc_plan.json, written in Terraform's plan format) must give the
// same results.
const (
	datasvcEstate = "../../examples/estate"
	datasvcFile   = "datasvc.tf"
	datasvcPlan   = "testdata/datasvc_plan.json"
)

// datasvcRule matches the ids of the data-service rules; results of other rules are other areas' to check.
var datasvcRule = regexp.MustCompile(`^(SNS|SQS|SM|ELC|RS|OS)\.[0-9]+$`)

var datasvcMarker = regexp.MustCompile(`^\s*expect(-unknown)?:\s*([A-Za-z0-9.,\s]+)$`)

// datasvcExpected reads every marker of the file, several per line allowed, as "line RULE" keys.
func datasvcExpected(t *testing.T) (fails, unknowns []string) {
	t.Helper()
	f, err := os.Open(filepath.Join(datasvcEstate, datasvcFile))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		_, comment, _ := strings.Cut(sc.Text(), "#")
		for _, part := range strings.Split(comment, "#") {
			m := datasvcMarker.FindStringSubmatch(part)
			if m == nil {
				continue
			}
			for _, id := range strings.Split(m[2], ",") {
				key := fmt.Sprintf("%d %s", line, strings.TrimSpace(id))
				if m[1] == "" {
					fails = append(fails, key)
				} else {
					unknowns = append(unknowns, key)
				}
			}
		}
	}
	require.NoError(t, sc.Err())
	sort.Strings(fails)
	sort.Strings(unknowns)
	return fails, unknowns
}

// estateResults evaluates the inventory and returns the results of the rules rule matches on the
// resources of file (a base name), failing and unknown as sorted "line RULE" keys, with the number of
// passes: each part of the mixed estate checks its own rules on its own file.
func estateResults(t *testing.T, inv *inventory.Inventory, rule *regexp.Regexp, file string) (fails, unknowns []string, passes int) {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)
	for _, r := range rep.Results {
		if !rule.MatchString(r.RuleID) || filepath.Base(r.Location.File) != file {
			continue
		}
		key := fmt.Sprintf("%d %s", r.Location.StartLine, r.RuleID)
		switch r.Status {
		case engine.StatusFail:
			fails = append(fails, key)
		case engine.StatusUnknown:
			unknowns = append(unknowns, key)
		case engine.StatusPass:
			passes++
		}
	}
	sort.Strings(fails)
	sort.Strings(unknowns)
	return fails, unknowns, passes
}

func TestDataServicesEstate(t *testing.T) {
	wantFail, wantUnknown := datasvcExpected(t)
	require.Len(t, wantFail, 34, "the legacy resources fail every data-service rule but SM.5")

	ctx := context.Background()
	tf, err := scanners.ScanTerraform(ctx, datasvcEstate, scanners.TerraformOptions{})
	require.NoError(t, err)
	require.True(t, tf.Complete(), "%+v", tf.Sources)
	plan, err := scanners.ScanPlan(ctx, datasvcPlan, scanners.PlanOptions{ConfigDir: datasvcEstate})
	require.NoError(t, err)
	require.True(t, plan.Complete(), "%+v", plan.Sources)

	for name, inv := range map[string]*inventory.Inventory{"terraform": tf, "plan": plan} {
		t.Run(name, func(t *testing.T) {
			gotFail, gotUnknown, passes := estateResults(t, inv, datasvcRule, datasvcFile)
			assert.Equal(t, wantFail, gotFail, "failing findings")
			assert.Equal(t, wantUnknown, gotUnknown, "unknown findings")
			// 6 compliant resources × their rules (4 + 4 + 4 of 5 + 7 + 7 + 8): SM.5 is unknown on the secret.
			assert.Equal(t, 34, passes, "passing results")
		})
	}
}
