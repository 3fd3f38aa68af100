package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLimitsEndTheScanWithALocatedError: ten lines asking for 10^8 instances, or for a value that
// doubles forty times, make the scan untrusted (exit 2) with the file and line to look at.
func TestLimitsEndTheScanWithALocatedError(t *testing.T) {
	const fixtures = "../../scanners/terraform/testdata/limits/"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"instances", []string{"scan", fixtures + "instances"},
			// Named from the working directory, like every other issue.
			"scan terraform " + fixtures + "instances: " + fixtures + "instances/mod/main.tf:2:12: the configuration expands to more than 100000 resource and module instances"},
		{"instances, limit lowered by flag", []string{"scan", fixtures + "instances", "--limit", "instances=50"},
			fixtures + "instances/main.tf:3:12: the configuration expands to more than 50 resource and module instances"},
		{"text", []string{"scan", fixtures + "strings"}, "strings/main.tf:24:9: value too large: more than 16 MiB of text"},
		{"text, limit lowered by flag", []string{"scan", fixtures + "strings", "--limit", "value_mib=1"},
			"strings/main.tf:20:9: value too large: more than 1 MiB of text"},
		{"elements", []string{"scan", fixtures + "elements"}, "elements/main.tf:17:9: value too large: more than 100000 elements"},
		{"invalid flag", []string{"scan", fixtures + "strings", "--limit", "bytes=1"}, `invalid --limit "bytes=1": "bytes" is not a limit`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runVigil(t, tt.args...)
			assert.Equal(t, exitUntrusted, code, stderr)
			assert.Contains(t, stderr, tt.want)
		})
	}
}

// TestLimitsFromConfig: vigil.hcl sets the limits; --limit wins over it.
func TestLimitsFromConfig(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"aws_sqs_queue\" \"q\" {\n  count = 20\n}\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "vigil.hcl"), []byte("limits = { instances = 10 }\n"), 0o600))
	code, _, stderr := runVigil(t, "scan", dir)
	assert.Equal(t, exitUntrusted, code, stderr)
	assert.Contains(t, stderr, "main.tf:2:11: the configuration expands to more than 10 resource and module instances")

	code, _, stderr = runVigil(t, "scan", dir, "--limit", "instances=20")
	assert.Equal(t, exitOK, code, stderr)
}
