//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runVigilWithin is runVigil that fails the test, rather than hanging it, when the run does not end.
func runVigilWithin(t *testing.T, d time.Duration, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, stdout, stderr := runVigil(t, args...)
		done <- result{code, stdout, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(d):
		t.Fatalf("vigil %v did not finish within %s", args, d)
		return 0, "", ""
	}
}

func mkfifo(t *testing.T, path string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, syscall.Mkfifo(path, 0o644))
	return path
}

// A named pipe given as any input, or lying in the scanned tree, is refused with its name: opening one
// waits for a writer, so reading it would hang the run.
func TestNamedPipesAreRefusedNotRead(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean")
	require.NoError(t, os.MkdirAll(clean, 0o755))
	src, err := os.ReadFile("testdata/clean/main.tf")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(clean, "main.tf"), src, 0o644))
	fifo := mkfifo(t, filepath.Join(dir, "pipe"))
	policyDir := filepath.Join(dir, "policies")
	mkfifo(t, filepath.Join(policyDir, "rule.rego"))

	inTree := filepath.Join(dir, "intree")
	mkfifo(t, filepath.Join(inTree, "x.tf"))
	require.NoError(t, os.WriteFile(filepath.Join(inTree, "main.tf"), src, 0o644))

	readsPipe := filepath.Join(dir, "readspipe")
	mkfifo(t, filepath.Join(readsPipe, "data.txt"))
	require.NoError(t, os.WriteFile(filepath.Join(readsPipe, "main.tf"), []byte(`
resource "aws_ebs_volume" "data" {
  availability_zone = file("data.txt")
  size              = 10
  encrypted         = true
}
`), 0o644))

	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"config", []string{"scan", clean, "--config", fifo}, []string{"read config " + fifo, "not a regular file (named pipe)"}},
		{"var-file", []string{"scan", clean, "--var-file", fifo}, []string{fifo, "not a regular file (named pipe)"}},
		{"plan", []string{"scan", "--plan", fifo}, []string{"read plan " + fifo, "not a regular file (named pipe)"}},
		{"inventory", []string{"scan", "--inventory", fifo}, []string{"--inventory " + fifo, "not a regular file (named pipe)"}},
		{"baseline", []string{"scan", clean, "--baseline", fifo}, []string{"read report " + fifo, "not a regular file (named pipe)"}},
		{"policy file in folder", []string{"scan", clean, "--policy", policyDir}, []string{"rule.rego", "not a regular file (named pipe)"}},
		{"x.tf in the tree", []string{"scan", inTree}, []string{"x.tf", "not a regular file (named pipe)"}},
		{"file() of a pipe", []string{"scan", readsPipe}, []string{"main.tf:3:", "data.txt", "not a regular file (named pipe)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runVigilWithin(t, 20*time.Second, tc.args...)
			assert.Equal(t, exitUntrusted, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, w := range tc.want {
				assert.Contains(t, stderr, w)
			}
		})
	}
}

// A .tf symbolic link that leads nowhere, or to itself, makes Terraform fail: the scan names it and is
// incomplete, rather than skipping it and reporting a complete scan.
func TestBrokenConfigLinksMakeTheScanIncomplete(t *testing.T) {
	for _, tc := range []struct{ name, target, want string }{
		{"dangling", "missing.tf", "dangling symbolic link"},
		{"looping", "broken.tf", "too many levels of symbolic links"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src, err := os.ReadFile("testdata/clean/main.tf")
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644))
			require.NoError(t, os.Symlink(tc.target, filepath.Join(dir, "broken.tf")))
			code, stdout, stderr := runVigilWithin(t, 20*time.Second, "scan", dir, "--format", "json")
			assert.Equal(t, exitUntrusted, code, stderr)
			assert.Contains(t, stderr, "broken.tf: Unreadable file: "+tc.want)
			assert.Contains(t, stdout, `"complete": false`)
		})
	}
}
