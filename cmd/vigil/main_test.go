package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runVigil(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStdout []string
		wantStderr []string
	}{
		{"clean passes the gate", []string{"scan", "testdata/clean", "--fail-on", "low"}, exitOK,
			[]string{"1 pass"}, nil},
		{"var override, nothing fails", []string{"scan", "testdata/clean", "--var", "size=20", "--fail-on", "info"}, exitOK,
			nil, nil},
		{"syntax error is untrusted but parsed files are reported", []string{"scan", "testdata/syntax_error"}, exitUntrusted,
			[]string{"aws_ebs_volume.data"}, []string{"bad.tf:", "results are incomplete"}},
		{"untrusted input wins over the gate", []string{"scan", "testdata/syntax_error", "--fail-on", "high"}, exitUntrusted,
			nil, nil},
		{"missing path", []string{"scan", "testdata/nope"}, exitUntrusted, nil,
			[]string{"scan testdata/nope: no such file or directory"}},
		{"invalid var", []string{"scan", "testdata/clean", "--var", "novalue"}, exitUntrusted, nil,
			[]string{`invalid --var "novalue": expected NAME=VALUE`}},
		{"invalid fail-on", []string{"scan", "testdata/clean", "--fail-on", "urgent"}, exitUntrusted, nil,
			[]string{`invalid --fail-on "urgent"`}},
		{"unknown format", []string{"scan", "testdata/clean", "--format", "pdf"}, exitUntrusted, nil,
			[]string{`"pdf"`}},
		{"uninstalled module is untrusted, and the message says how to fix it", []string{"scan", "testdata/uninstalled"},
			exitUntrusted, nil, []string{`module module.vpc (source "terraform-aws-modules/vpc/aws") not scanned: ` +
				"remote source not installed: run terraform init (or terraform get) so .terraform/modules holds it"}},
		{"uninstalled module accepted as a gap, and reported", []string{"scan", "testdata/uninstalled",
			"--config", "testdata/uninstalled_gap.hcl"}, exitOK,
			[]string{"!! GAPS: 1 part not evaluated", "module module.vpc"},
			[]string{"vigil: warning: not evaluated (uninstalled_modules = \"gap\"): testdata/uninstalled/main.tf:2:1: module module.vpc"}},
		{"controls warn of a gap", []string{"controls", "--framework", "iso27001-2022", "testdata/uninstalled",
			"--config", "testdata/uninstalled_gap.hcl"}, exitOK, nil,
			[]string{"vigil: warning: not evaluated (uninstalled_modules = \"gap\"): testdata/uninstalled/main.tf:2:1: module module.vpc"}},
		{"broken custom policy", []string{"scan", "testdata/clean", "--policy", "testdata/broken_policy"}, exitUntrusted, nil,
			[]string{"broken_policy/rule.rego:1:", `custom.severity "catastrophic"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, tt.args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, w := range tt.wantStdout {
				assert.Contains(t, stdout, w)
			}
			for _, w := range tt.wantStderr {
				assert.Contains(t, stderr, w)
			}
		})
	}
}

func TestGateFailsAtThreshold(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`
resource "aws_ebs_volume" "plain" {
  availability_zone = "eu-west-1a"
  size              = 10
}
`), 0o644))
	code, _, stderr := runVigil(t, "scan", dir, "--fail-on", "high")
	assert.Equal(t, exitGateFail, code)
	assert.Contains(t, stderr, "failing finding(s) at or above high")

	code, _, _ = runVigil(t, "scan", dir, "--fail-on", "critical")
	assert.Equal(t, exitOK, code, "EC2.5 is high, below critical")
}

func TestSARIFOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "vigil.sarif")
	code, _, stderr := runVigil(t, "scan", "testdata/clean", "--format", "sarif", "--output", out)
	require.Equal(t, exitOK, code, stderr)
	raw, err := os.ReadFile(out)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc))
	assert.Equal(t, "2.1.0", doc["version"])
	assert.Contains(t, stderr, "report written to "+out)
}

func TestPolicyListAndControls(t *testing.T) {
	code, stdout, stderr := runVigil(t, "policy", "list")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "S3.1")

	code, stdout, stderr = runVigil(t, "controls", "--framework", "iso27001-2022")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "5.1")
	assert.Contains(t, stdout, "manual evidence required")
	assert.Contains(t, stdout, "93 controls")

	code, _, stderr = runVigil(t, "controls", "--framework", "pci-dss")
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, `invalid --framework "pci-dss"`)
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runVigil(t, "version")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "vigil ")
}
