package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/reports"
)

func TestConfigFileDrivesTheScan(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runVigil(t, "scan", "testdata/configured", "--format", "json", "--output", out)
	require.Equal(t, exitOK, code, "the config variable makes the volume unencrypted, and the waiver accepts it: %s", stderr)

	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	rep, err := reports.ReadJSON(f)
	require.NoError(t, err)
	var waived int
	for _, r := range rep.Results {
		if r.RuleID == "EC2.5" {
			assert.Equal(t, "waived", string(r.Status))
			require.NotNil(t, r.Waiver)
			assert.Equal(t, "scratch-volume", r.Waiver.ID)
			assert.Equal(t, "testdata/configured/vigil.hcl:5", r.Waiver.Source)
			waived++
		}
	}
	assert.Equal(t, 1, waived)
	states := map[string]string{}
	for _, w := range rep.Waivers {
		states[w.ID] = w.State
	}
	assert.Equal(t, map[string]string{"scratch-volume": "active", "old-exception": "expired"}, states)

	// A flag overrides the config: the waiver is removed by pointing at another config (which still
	// excludes the broken sandbox root).
	empty := filepath.Join(t.TempDir(), "vigil.hcl")
	require.NoError(t, os.WriteFile(empty, []byte("fail_on = \"low\"\nexclude = [\"sandbox\"]\n"), 0o644))
	code, _, stderr = runVigil(t, "scan", "testdata/configured", "--config", empty, "--var", "encrypt_scratch=false")
	assert.Equal(t, exitGateFail, code, stderr)
	code, _, stderr = runVigil(t, "scan", "testdata/configured", "--config", empty, "--var", "encrypt_scratch=false", "--fail-on", "critical")
	assert.Equal(t, exitOK, code, "--fail-on beats the config's fail_on: %s", stderr)
}

func TestBadConfigIsUntrusted(t *testing.T) {
	code, _, stderr := runVigil(t, "scan", "testdata/badconfig")
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "testdata/badconfig/vigil.hcl:3")

	broken := filepath.Join(t.TempDir(), "vigil.hcl")
	require.NoError(t, os.WriteFile(broken, []byte("fail_on = \"high\"\nfail_onn = 1\n"), 0o644))
	code, _, stderr = runVigil(t, "scan", "testdata/clean", "--config", broken)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, broken+":2:1")
}

func TestExcludeFlag(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "vigil.hcl")
	require.NoError(t, os.WriteFile(empty, []byte("fail_on = \"none\"\n"), 0o644))

	// Without the config's exclude, the broken sandbox root is scanned: the run is untrusted.
	code, _, stderr := runVigil(t, "scan", "testdata/configured", "--config", empty)
	require.Equal(t, exitUntrusted, code, stderr)
	assert.Contains(t, stderr, "sandbox/broken.tf")

	code, _, stderr = runVigil(t, "scan", "testdata/configured", "--config", empty, "--exclude", "./sandbox/")
	assert.Equal(t, exitOK, code, stderr)

	code, _, stderr = runVigil(t, "scan", "testdata/configured", "--exclude", "../elsewhere")
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, `invalid --exclude "../elsewhere": ".." leaves the scanned directory`)
}
