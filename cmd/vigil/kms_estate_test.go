package main

import (
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

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

// The key, vault access and AWS Config part of the mixed estate: examples/estate/kms.tf marks on each
// block's header line the rules it fails (# expect:). The same estate as a plan
// (testdata/kms_estate_plan.json, written by hand in Terraform's plan format) must give the same results.
const (
	kmsEstateFile = "kms.tf"
	kmsEstatePlan = "testdata/kms_estate_plan.json"
)

// kmsEstateRule matches the rules this part of the estate shows; other rules are other areas' to check.
var kmsEstateRule = regexp.MustCompile(`^(KMS\.[123]|BKP\.7|CFG\.[12])$`)

var kmsExpectMarker = regexp.MustCompile(`#\s*expect:\s*([A-Z0-9., ]+)`)

func kmsEstateExpected(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(datasvcEstate, kmsEstateFile))
	require.NoError(t, err)
	var out []string
	for i, line := range strings.Split(string(src), "\n") {
		if m := kmsExpectMarker.FindStringSubmatch(line); m != nil {
			for _, id := range strings.Split(m[1], ",") {
				out = append(out, fmt.Sprintf("%d %s", i+1, strings.TrimSpace(id)))
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestKMSEstate(t *testing.T) {
	want := kmsEstateExpected(t)
	require.Equal(t, []string{"123 CFG.1", "123 CFG.2", "35 KMS.2", "79 BKP.7"}, want)

	ctx := context.Background()
	tf, err := scanners.ScanTerraform(ctx, datasvcEstate, scanners.TerraformOptions{})
	require.NoError(t, err)
	require.True(t, tf.Complete(), "%+v", tf.Sources)
	plan, err := scanners.ScanPlan(ctx, kmsEstatePlan, scanners.PlanOptions{ConfigDir: datasvcEstate})
	require.NoError(t, err)
	require.True(t, plan.Complete(), "%+v", plan.Sources)

	for name, inv := range map[string]*inventory.Inventory{"terraform": tf, "plan": plan} {
		t.Run(name, func(t *testing.T) {
			fails, unknowns, passes := estateResults(t, inv, kmsEstateRule, kmsEstateFile)
			assert.Equal(t, want, fails, "failing findings")
			assert.Empty(t, unknowns, "unknown findings")
			// Two keys × KMS.1-3, two vaults × BKP.7, two recorders × CFG.1-2: 12 results, 4 failing.
			assert.Equal(t, 8, passes, "passing results")
		})
	}
}
