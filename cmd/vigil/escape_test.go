package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

// hostile is what a pull request can put in a resource name or a file name: a newline followed by a
// GitHub Actions workflow command, ANSI escapes and a bidi override.
const hostile = "x\n::error::pwned\r\n  ::add-mask::y \x1b[2J\x1b]8;;http://evil\x07\u202egnp.exe"

// assertNoLogInjection fails when any line of out would be a workflow command for the Actions runner
// (which trims leading blanks) or carries a raw ESC, BEL or bidi override.
// The github format's own lines are commands: "::error file=...", "::warning title=...".
func assertNoLogInjection(t *testing.T, name, out string) {
	t.Helper()
	own := regexp.MustCompile(`^::(error|warning|notice) [a-z]+=`)
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(name, "github stdout") && own.MatchString(line) {
			continue
		}
		assert.False(t, strings.HasPrefix(strings.TrimSpace(line), "::"), "%s: line starts with '::': %q", name, line)
	}
	assert.NotContains(t, out, "\x1b", name)
	assert.NotContains(t, out, "\x07", name)
	assert.NotContains(t, out, "\u202e", name)
	assert.NotContains(t, out, "\r", name)
}

func TestHumanOutputEscapesControlCharacters(t *testing.T) {
	inv := inventory.New()
	inv.Sources = []inventory.Source{{Kind: inventory.SourceTerraform, Path: "infra" + hostile,
		Errors: []inventory.Issue{{Code: "parse", File: hostile + ".tf", Line: 1, Message: "bad " + hostile}}}}
	inv.Resources = []inventory.Resource{{
		ID: "aws_s3_bucket." + hostile, Type: inventory.TypeS3Bucket, Name: hostile,
		Attributes: map[string]any{"versioning": map[string]any{"enabled": false}},
		Source:     inventory.Location{Kind: inventory.SourceTerraform, File: hostile + ".tf", StartLine: 3},
	}}
	path := filepath.Join(t.TempDir(), "inventory.json")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, inv.Write(f))
	require.NoError(t, f.Close())

	for _, format := range []string{"table", "markdown", "github"} {
		code, stdout, stderr := runVigil(t, "scan", "--inventory", path, "--format", format, "--verbose", "--no-color")
		assert.Equal(t, exitUntrusted, code, "the source error makes the run untrusted")
		require.Contains(t, stdout, `::error::pwned`, "%s: the resource is listed", format)
		assertNoLogInjection(t, format+" stdout", stdout)
		assertNoLogInjection(t, format+" stderr", stderr)
		if format == "table" {
			assert.Contains(t, stdout, `aws_s3_bucket.x\n::error::pwned\r\n  ::add-mask::y \x1b[2J\x1b]8;;http://evil\x07\u202egnp.exe`,
				"the id is shown with visible escapes")
			assert.Contains(t, stderr, `x\n::error::pwned`)
		}
	}

	// vigil diff lists the results of two saved reports.
	report := filepath.Join(t.TempDir(), "report.json")
	code, _, _ := runVigil(t, "scan", "--inventory", path, "--format", "json", "-o", report)
	require.Equal(t, exitUntrusted, code)
	_, stdout, stderr := runVigil(t, "diff", report, report)
	require.Contains(t, stdout, `::error::pwned`, "the unchanged findings are listed")
	assertNoLogInjection(t, "diff stdout", stdout)
	assertNoLogInjection(t, "diff stderr", stderr)
}

// Source warnings (a file call outside the scan, in a file whose name the pull request chose) are
// echoed on stderr for the CI log by every format but the table, and vigil controls lists what it
// could not read there: neither may start a workflow command.
func TestStderrWarningsAndControlsErrorsEscapeControlCharacters(t *testing.T) {
	if strings.ContainsRune(string(os.PathSeparator), '\n') {
		t.Skip()
	}
	dir := t.TempDir()
	name := "b\n::warning::w.tf"
	require.NoError(t, os.WriteFile(filepath.Join(dir, name),
		[]byte(`resource "aws_s3_bucket" "c" { bucket = file("/etc/passwd") }`+"\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a\n::error::x.tf"),
		[]byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n"), 0o600))

	for _, format := range []string{"json", "github", "markdown", "sarif"} {
		code, _, stderr := runVigil(t, "scan", dir, "--format", format)
		assert.Equal(t, exitUntrusted, code)
		require.Contains(t, stderr, "reads outside the scanned folder", "%s: the warning is on stderr", format)
		assertNoLogInjection(t, format+" stderr", stderr)
	}

	code, _, stderr := runVigil(t, "controls", "--framework", "iso27001-2022", dir)
	assert.Equal(t, exitUntrusted, code)
	require.Contains(t, stderr, `x.tf:2`, "the parse error is listed")
	assertNoLogInjection(t, "controls stderr", stderr)
}
