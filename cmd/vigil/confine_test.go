package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A pull request's configuration cannot publish the runner's files: a secret planted outside the scanned
// folder, read by every file function and every way out (absolute path, ../, a symbolic link), appears in
// no report format, and each read is a warning at its file:line. The same scan with
// --allow-outside-file-reads does read it, which shows the scan would carry it into the reports.
func TestSecretOutsideTheScanNeverReachesAReport(t *testing.T) {
	const secret = "RUNNER-SECRET-c0ffee"
	top := t.TempDir()
	secretFile := filepath.Join(top, "runner", "credentials")
	require.NoError(t, os.MkdirAll(filepath.Dir(secretFile), 0o700))
	require.NoError(t, os.WriteFile(secretFile, []byte(secret), 0o600))
	repo := filepath.Join(top, "repo")
	require.NoError(t, os.MkdirAll(repo, 0o755))
	require.NoError(t, os.Symlink(secretFile, filepath.Join(repo, "innocent.txt")))
	require.NoError(t, os.WriteFile(filepath.Join(repo, "main.tf"), []byte(fmt.Sprintf(`
resource "aws_s3_bucket" "abs" {
  bucket = file(%q)
  tags   = { leak = file(%q) }
}
resource "aws_s3_bucket" "dotdot" {
  bucket = file("../runner/credentials")
}
resource "aws_s3_bucket" "link" {
  bucket = "link-${file("innocent.txt")}"
}
resource "aws_s3_bucket" "tmpl" {
  bucket = templatefile("../runner/credentials", {})
}
resource "aws_s3_bucket" "b64" {
  bucket = base64decode(filebase64("innocent.txt"))
}
resource "aws_s3_bucket" "listing" {
  bucket = join("-", fileset("..", "runner/*"))
}
`, secretFile, secretFile)), 0o644))

	// How each format shows the warnings (junit has no place for them: they are on stderr).
	shown := map[string]string{
		"json":     `"code": "file-outside-scan"`,
		"sarif":    `reads outside the scanned folder`,
		"markdown": "Source warnings (7)",
		"table":    "WARNINGS: 7 inputs were not read",
		"github":   "::warning file=",
		"junit":    "",
	}
	for format, want := range shown {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, "scan", repo, "--format", format)
			assert.Equal(t, exitOK, code, stderr)
			assert.Contains(t, stdout, want)
			assert.NotContains(t, stdout, secret)
			assert.NotContains(t, stderr, secret)
			// On stderr, or for the table in the report itself.
			for _, w := range []string{"main.tf:3:", `file("../runner/credentials") reads outside the scanned folder`,
				`fileset("..") reads outside the scanned folder`} {
				if format == "table" {
					assert.Contains(t, stdout, w)
					assert.NotContains(t, stderr, w, "listed once")
				} else {
					assert.Contains(t, stderr, w)
				}
			}
		})
	}

	code, stdout, stderr := runVigil(t, "scan", repo, "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var rep struct {
		Complete bool `json:"complete"`
		Sources  []struct {
			Warnings []struct {
				Code string `json:"code"`
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"warnings"`
		} `json:"sources"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	assert.True(t, rep.Complete, "a refused read leaves values unknown, it does not make the scan incomplete")
	require.Len(t, rep.Sources, 1)
	var lines []int
	for _, w := range rep.Sources[0].Warnings {
		assert.Equal(t, "file-outside-scan", w.Code)
		lines = append(lines, w.Line)
	}
	assert.ElementsMatch(t, []int{3, 4, 7, 10, 13, 16, 19}, lines)

	code, stdout, stderr = runVigil(t, "scan", repo, "--format", "json", "--allow-outside-file-reads")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, secret, "a trusted run reads outside the folder")
}
