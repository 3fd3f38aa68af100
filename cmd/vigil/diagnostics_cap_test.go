package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

// randomTerraformRoot writes files of random bytes named like Terraform files: each yields thousands of
// parse errors.
func randomTerraformRoot(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(8, 16))
	for _, name := range names {
		data := make([]byte, 64<<10)
		for i := range data {
			data[i] = byte(rng.UintN(256))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	return dir
}

func TestRandomBytesDiagnosticsAreCapped(t *testing.T) {
	dir := randomTerraformRoot(t, "x.tf", "y.tf")

	code, stdout, stderr := runVigil(t, "scan", dir, "--no-color")
	assert.Equal(t, exitUntrusted, code, "a capped list still makes the run untrusted")

	errLines := strings.Split(strings.TrimSpace(stderr), "\n")
	assert.LessOrEqual(t, len(errLines), 2*(inventory.MaxIssuesPerFile+1)+2, "stderr:\n%s", stderr)
	for _, name := range []string{"x.tf", "y.tf"} {
		assert.Regexp(t, `(?m)^and \d+ more in \S*`+name+`$`, stderr)
		assert.Equal(t, inventory.MaxIssuesPerFile, strings.Count(stderr, name+":"), "issues listed for %s", name)
	}
	assert.Contains(t, stderr, "results are incomplete")

	// The table lists as many, and counts them all.
	assert.Less(t, strings.Count(stdout, "\n"), 200, "table:\n%s", stdout)
	assert.Regexp(t, `: \d{4,} errors`, stdout)

	// The JSON report's completeness list is capped the same way and keeps the count.
	code, stdout, _ = runVigil(t, "scan", dir, "--format", "json")
	assert.Equal(t, exitUntrusted, code)
	var rep struct {
		Sources []inventory.Source `json:"sources"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	require.Len(t, rep.Sources, 1)
	src := rep.Sources[0]
	assert.Len(t, src.Errors, 2*(inventory.MaxIssuesPerFile+1))
	assert.Greater(t, src.ErrorCount(), 1000)
	assert.False(t, src.Complete())
}
