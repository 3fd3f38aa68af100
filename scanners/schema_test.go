package scanners

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

// TestScannedInventoriesMatchSchema scans every Terraform folder and plan of the repository's examples
// and test fixtures, saves each inventory and reads it back: every attribute the Terraform and plan
// adapters write has the type docs/inventory.md (and the inventory schema) gives it, unknown values
// aside. A fixture that cannot be scanned at all (a plan that is not one) is skipped; one with errors
// in some files is checked for what it holds.
func TestScannedInventoriesMatchSchema(t *testing.T) {
	roots := []string{"../examples", "testdata", "terraform/testdata", "plan/testdata", "iac/aws/testdata", "../cmd/vigil/testdata"}
	tfDirs := map[string]bool{}
	var plans []string
	for _, root := range roots {
		require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch {
			case d.Type()&fs.ModeSymlink != 0 || !d.Type().IsRegular():
			case strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tf.json"):
				tfDirs[filepath.Dir(path)] = true
			case strings.HasSuffix(path, ".json"):
				if data, err := os.ReadFile(path); err == nil && bytes.Contains(data, []byte(`"format_version"`)) {
					plans = append(plans, path)
				}
			}
			return nil
		}))
	}
	require.NotEmpty(t, plans)
	require.Greater(t, len(tfDirs), 20)
	ctx := context.Background()
	resources := 0
	check := func(t *testing.T, inv *inventory.Inventory) {
		var buf bytes.Buffer
		require.NoError(t, inv.Write(&buf))
		_, err := inventory.ReadNamed(&buf, "scanned.json")
		require.NoError(t, err, "the scanned inventory does not match docs/schemas/inventory.schema.json")
		resources += len(inv.Resources)
	}
	for dir := range tfDirs {
		t.Run(dir, func(t *testing.T) {
			inv, err := ScanTerraform(ctx, dir, TerraformOptions{Limits: DefaultTerraformLimits})
			if err != nil {
				t.Skipf("not scannable: %v", err)
			}
			check(t, inv)
		})
	}
	for _, path := range plans {
		t.Run(path, func(t *testing.T) {
			inv, err := ScanPlan(ctx, path, PlanOptions{})
			if err != nil {
				t.Skipf("not a plan: %v", err)
			}
			check(t, inv)
		})
	}
	t.Logf("%d Terraform folders, %d plans, %d resources", len(tfDirs), len(plans), resources)
	require.Greater(t, resources, 100)
}
