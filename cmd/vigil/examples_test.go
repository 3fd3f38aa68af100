package main

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/scanners"
)

// A line may carry both kinds: `# expect: CT.4 # expect-unknown: MON.1`.
var expectMarker = regexp.MustCompile(`#\s*expect(-unknown)?:\s*([A-Za-z0-9.,\s]+?)\s*(?:#|$)`)

// expectedFindings reads the `# expect: ID,ID` and `# expect-unknown: ID` markers that the example estate
// puts on the header line of each deliberately misconfigured resource.
func expectedFindings(t *testing.T, root string) (fails, unknowns []string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(root, path)
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			text := sc.Text()
			for {
				loc := expectMarker.FindStringSubmatchIndex(text)
				if loc == nil {
					break
				}
				kind, ids := "", text[loc[4]:loc[5]]
				if loc[2] >= 0 {
					kind = text[loc[2]:loc[3]]
				}
				for _, id := range strings.Split(ids, ",") {
					key := fmt.Sprintf("%s:%d %s", filepath.ToSlash(rel), line, strings.TrimSpace(id))
					if kind == "" {
						fails = append(fails, key)
					} else {
						unknowns = append(unknowns, key)
					}
				}
				text = text[loc[5]:]
			}
		}
		return sc.Err()
	})
	require.NoError(t, err)
	sort.Strings(fails)
	sort.Strings(unknowns)
	return fails, unknowns
}

// TestExamplesMatchExpectMarkers scans the bundled estate and checks that exactly the marked
// misconfigurations fail (or are unknown): no false positive, no miss.
func TestExamplesMatchExpectMarkers(t *testing.T) {
	const root = "../../examples/terraform"
	wantFail, wantUnknown := expectedFindings(t, root)
	require.NotEmpty(t, wantFail)

	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	inv, err := scanners.ScanTerraform(ctx, root, scanners.TerraformOptions{})
	require.NoError(t, err)
	require.True(t, inv.Complete(), "example sources: %+v", inv.Sources)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)

	var gotFail, gotUnknown []string
	for _, r := range rep.Results {
		file := strings.TrimPrefix(r.Location.File, "../../examples/terraform/")
		key := fmt.Sprintf("%s:%d %s", file, r.Location.StartLine, r.RuleID)
		switch r.Status {
		case engine.StatusFail:
			gotFail = append(gotFail, key)
		case engine.StatusUnknown:
			gotUnknown = append(gotUnknown, key)
		}
	}
	sort.Strings(gotFail)
	sort.Strings(gotUnknown)
	assert.Equal(t, wantFail, gotFail, "failing findings")
	assert.Equal(t, wantUnknown, gotUnknown, "unknown findings")
}
