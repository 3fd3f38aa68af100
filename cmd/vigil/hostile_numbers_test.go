//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNumbersBeyondFloat64InTerraform: a pull request's Terraform with backup_retention_period =
// 1e1000000 on 200 databases crashed vigil (+Inf reached OPA, which panics when a rule compares it).
// Such a literal is now refused before the file is parsed; 1e400, within that bound but beyond
// float64, is unknown: the scan ends at once, incomplete (exit 2), naming each number's block, and the
// retention rule is unknown, never a pass.
func TestNumbersBeyondFloat64InTerraform(t *testing.T) {
	dir := t.TempDir()
	var tf strings.Builder
	for i := range 200 {
		tf.WriteString("resource \"aws_db_instance\" \"d" + strconv.Itoa(i) + "\" {\n  backup_retention_period = 1e400\n  storage_encrypted = true\n}\n")
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf.String()), 0o644))
	out := filepath.Join(t.TempDir(), "report.json")
	code, _, stderr := runVigilWithin(t, time.Minute, "scan", dir, "--format", "json", "-o", out)
	assert.Equal(t, exitUntrusted, code, stderr)
	assert.Contains(t, stderr, "main.tf:1:1: aws_db_instance.d0: backup_retention_period is a number beyond float64")
	rep, err := readReport(out)
	require.NoError(t, err)
	assert.False(t, rep.Complete)
	judged := 0
	for _, r := range rep.Results {
		if r.RuleID == "RDS.2" { // backup retention of DB instances
			judged++
			assert.Equal(t, "unknown", string(r.Status), r.ResourceID)
		}
	}
	assert.Equal(t, 200, judged)
}

// TestHugeNumberLiteralInTerraform: "${1e30000000}" took 104 s and 680 MB to turn into text; it is now
// refused at its line and column before the file is parsed.
func TestHugeNumberLiteralInTerraform(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b-${1e30000000}\"\n}\n"), 0o644))
	code, _, stderr := runVigilWithin(t, time.Minute, "scan", dir, "-o", filepath.Join(t.TempDir(), "r.json"))
	assert.Equal(t, exitUntrusted, code, stderr)
	assert.Contains(t, stderr, "main.tf:2:17: Number out of range: The number 1e30000000 is beyond what vigil reads")
}
