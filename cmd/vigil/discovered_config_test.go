package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A vigil.hcl found in the scanned folder is part of the pull request: it cannot lift the confinement
// of file functions, read a variables file outside the scanned folder, or raise limits. Each attempt is
// a located error (exit 2) and the secret reaches no output. The same file named with --config (the
// pipeline's choice), or the run trusted with --allow-outside-file-reads, is obeyed: that shows the
// refusal, not something else, keeps the secret out.
func TestDiscoveredConfigCannotWidenReads(t *testing.T) {
	const secret = "RUNNER-SECRET-d15c0"
	top := t.TempDir()
	secretFile := filepath.Join(top, "runner", "secret")
	require.NoError(t, os.MkdirAll(filepath.Dir(secretFile), 0o700))
	require.NoError(t, os.WriteFile(secretFile, []byte(secret), 0o600))
	secretVars := filepath.Join(top, "runner", "secret.tfvars")
	require.NoError(t, os.WriteFile(secretVars, []byte(`name = "`+secret+`"`+"\n"), 0o600))

	// Each case's scanned folder is top/N/root, so that ../../runner leads to the secret.
	repo := func(t *testing.T, n int, tf, hcl string) string {
		dir := filepath.Join(top, strconv.Itoa(n), "root")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "vigil.hcl"), []byte(hcl), 0o644))
		return dir
	}
	readsFile := `resource "aws_s3_bucket" "b" { bucket = file("` + secretFile + `") }` + "\n"
	readsVar := "variable \"name\" {\n  type = string\n  default = \"x\"\n}\nresource \"aws_s3_bucket\" \"b\" { bucket = var.name }\n"

	tests := []struct {
		name, tf, hcl string
		link          bool // root/inside.tfvars links to the secret variables file
		wantErr       string
	}{
		{"allow_outside_file_reads", readsFile, "allow_outside_file_reads = true\n",
			false, "vigil.hcl:1:1: allow_outside_file_reads not allowed here"},
		{"absolute var file", readsVar, "\n\nvar_files = [\"" + secretVars + "\"]\n",
			false, "vigil.hcl:3:14: Variables file outside the scanned folder"},
		{"var file through ..", readsVar, "var_files = [\"../../runner/secret.tfvars\"]\n",
			false, "vigil.hcl:1:14: Variables file outside the scanned folder"},
		{"var file linking out", readsVar, "var_files = [\"inside.tfvars\"]\n",
			true, "vigil.hcl:1:14: Variables file outside the scanned folder"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := repo(t, i, tc.tf, tc.hcl)
			if tc.link {
				require.NoError(t, os.Symlink(secretVars, filepath.Join(dir, "inside.tfvars")))
			}
			code, stdout, stderr := runVigil(t, "scan", dir, "--format", "json")
			assert.Equal(t, exitUntrusted, code, stderr)
			assert.Contains(t, stderr, tc.wantErr)
			assert.Contains(t, stderr, "pass --")
			assert.Contains(t, stderr, "--config")
			assert.NotContains(t, stdout+stderr, secret)

			// Named by the pipeline, the same file is trusted, and the secret would be read.
			code, stdout, stderr = runVigil(t, "scan", dir, "--format", "json", "--config", filepath.Join(dir, "vigil.hcl"))
			assert.Equal(t, exitOK, code, stderr)
			assert.Contains(t, stdout, secret)
			// So is the discovered file when the run is trusted on the command line.
			code, stdout, stderr = runVigil(t, "scan", dir, "--format", "json", "--allow-outside-file-reads")
			assert.Equal(t, exitOK, code, stderr)
			assert.Contains(t, stdout, secret)
		})
	}
}

// A discovered vigil.hcl may lower limits and the rule time budget, not raise them above the defaults
// (a pull request could otherwise let a 10-line file exhaust the runner's memory); --limit and --config
// can.
func TestDiscoveredConfigCannotRaiseLimits(t *testing.T) {
	tf := `resource "aws_s3_bucket" "b" { bucket = "b" }` + "\n"
	for _, tc := range []struct{ hcl, wantErr string }{
		{"limits = { instances = 100001 }\n", "vigil.hcl:1:10: Limit above the default: instances = 100001 is more than the default 100000"},
		{"limits = { value_mib = 17 }\n", "vigil.hcl:1:10: Limit above the default: value_mib = 17"},
		{"limits = { elements = 1000000 }\n", "vigil.hcl:1:10: Limit above the default: elements = 1000000"},
		{"policy_timeout = \"31s\"\n", "vigil.hcl:1:18: policy_timeout above the default"},
	} {
		t.Run(tc.hcl, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "vigil.hcl"), []byte(tc.hcl), 0o644))
			code, _, stderr := runVigil(t, "scan", dir)
			assert.Equal(t, exitUntrusted, code, stderr)
			assert.Contains(t, stderr, tc.wantErr)
			code, _, stderr = runVigil(t, "scan", dir, "--config", filepath.Join(dir, "vigil.hcl"))
			assert.Equal(t, exitOK, code, stderr)
		})
	}
	// Lowering is allowed.
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "vigil.hcl"), []byte("limits = { instances = 5 }\npolicy_timeout = \"10s\"\nvar_files = [\"in.tfvars\"]\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.tfvars"), nil, 0o644))
	code, _, stderr := runVigil(t, "scan", dir)
	assert.Equal(t, exitOK, code, stderr)
}

// A vigil.hcl that is a symbolic link leading out of the scanned folder is not read: its error messages
// would quote the file it leads to.
func TestDiscoveredConfigLinkingOutIsRefused(t *testing.T) {
	top := t.TempDir()
	outside := filepath.Join(top, "credentials")
	require.NoError(t, os.WriteFile(outside, []byte("fail_on = RUNNER_SECRET_1234\n"), 0o600))
	dir := filepath.Join(top, "repo")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "aws_s3_bucket" "b" { bucket = "b" }`+"\n"), 0o644))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "vigil.hcl")))
	code, stdout, stderr := runVigil(t, "scan", dir)
	assert.Equal(t, exitUntrusted, code, stderr)
	assert.Contains(t, stderr, "symbolic link leading outside the scanned folder")
	assert.NotContains(t, stdout+stderr, "RUNNER_SECRET_1234")
}
