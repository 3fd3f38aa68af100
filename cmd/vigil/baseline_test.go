package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const plainVolume = `
resource "aws_ebs_volume" "%s" {
  availability_zone = "eu-west-1a"
  size              = 10
}
`

func writeTF(t *testing.T, dir, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(content), 0o644))
}

func TestBaselineGatesOnlyNewFindings(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(t.TempDir(), "baseline.json")
	writeTF(t, dir, "\n"+sprintfTF(plainVolume, "old"))
	code, _, stderr := runVigil(t, "scan", dir, "--format", "json", "--output", base)
	require.Equal(t, exitOK, code, stderr)

	// The old finding moved down by a few lines: still not new.
	writeTF(t, dir, "\n\n\n\n"+sprintfTF(plainVolume, "old"))
	code, _, stderr = runVigil(t, "scan", dir, "--baseline", base, "--fail-on", "high")
	assert.Equal(t, exitOK, code, stderr)

	writeTF(t, dir, sprintfTF(plainVolume, "old")+sprintfTF(plainVolume, "new"))
	code, _, stderr = runVigil(t, "scan", dir, "--baseline", base, "--fail-on", "high")
	assert.Equal(t, exitGateFail, code)
	assert.Contains(t, stderr, "1 new failing finding(s) at or above high")

	cur := filepath.Join(t.TempDir(), "current.json")
	code, _, stderr = runVigil(t, "scan", dir, "--format", "json", "--output", cur)
	require.Equal(t, exitOK, code, stderr)
	code, stdout, _ := runVigil(t, "diff", base, cur)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "NEW (1)")
	assert.Contains(t, stdout, "aws_ebs_volume.new")
	assert.Contains(t, stdout, "1 new, 0 resolved, 1 unchanged")

	code, _, stderr = runVigil(t, "diff", base, cur, "--fail-on", "high")
	assert.Equal(t, exitGateFail, code)
	assert.Contains(t, stderr, "1 new failing finding(s)")

	code, _, stderr = runVigil(t, "diff", base, filepath.Join(dir, "main.tf"))
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "read report "+filepath.Join(dir, "main.tf"))

	code, _, stderr = runVigil(t, "scan", dir, "--baseline", filepath.Join(dir, "missing.json"))
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "--baseline: read report")
}

func sprintfTF(format, name string) string {
	return fmt.Sprintf(format, name)
}

func TestReportRerendersSavedJSON(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "vigil.json")
	code, _, stderr := runVigil(t, "scan", "testdata/clean", "--format", "json", "--output", saved)
	require.Equal(t, exitOK, code, stderr)
	for _, format := range []string{"table", "sarif", "markdown", "junit", "github"} {
		code, stdout, stderr := runVigil(t, "report", saved, "--format", format)
		assert.Equal(t, exitOK, code, stderr)
		assert.NotEmpty(t, stdout, format)
	}
	failing := filepath.Join(t.TempDir(), "failing.json")
	code, _, stderr = runVigil(t, "scan", "testdata/failing", "--format", "json", "--output", failing)
	require.Equal(t, exitOK, code, stderr)
	code, stdout, _ := runVigil(t, "report", failing, "--format", "sarif")
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, `"testdata/failing/main.tf"`, "paths are relative to where the scan ran")

	code, _, stderr = runVigil(t, "report", saved, "--format", "pdf")
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, `"pdf"`)
}

// TestBaselineUnknownThenFailIsNew: a result that was unknown in the baseline and fails now is a new
// failure, so the gate stops it.
func TestBaselineUnknownThenFailIsNew(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(t.TempDir(), "baseline.json")
	writeTF(t, dir, `
variable "encrypted" {
  type = bool
}
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypted
}
`)
	code, _, stderr := runVigil(t, "scan", dir, "--format", "json", "--output", base)
	require.Equal(t, exitOK, code, stderr)
	code, stdout, _ := runVigil(t, "report", base, "--format", "json")
	require.Equal(t, exitOK, code)
	require.Contains(t, stdout, `"status": "unknown"`, "the baseline holds the unknown result")

	code, _, stderr = runVigil(t, "scan", dir, "--var", "encrypted=false", "--baseline", base, "--fail-on", "high")
	assert.Equal(t, exitGateFail, code, stderr)
	assert.Contains(t, stderr, "1 new failing finding(s) at or above high")

	// pass → unknown is a new finding but not a new failure: the gate counts failures only.
	code, _, stderr = runVigil(t, "scan", dir, "--var", "encrypted=true", "--format", "json", "--output", base)
	require.Equal(t, exitOK, code, stderr)
	code, stdout, stderr = runVigil(t, "scan", dir, "--baseline", base, "--fail-on", "high", "--format", "json")
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"baseline": "new"`)
}
