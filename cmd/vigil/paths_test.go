package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkoutWithProblems writes, under a new folder, a configuration whose scan meets every kind of file
// problem the loader reports (a missing file for each file function, a missing local module, an
// uninstalled registry module, a syntax error, a dangling link, a read outside the scan) and returns the
// folder.
func checkoutWithProblems(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	infra := filepath.Join(top, "infra")
	require.NoError(t, os.MkdirAll(infra, 0o755))
	write := func(name, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(infra, name), []byte(content), 0o644))
	}
	write("main.tf", `
resource "aws_s3_bucket" "a" { bucket = file("missing.json") }
resource "aws_s3_bucket" "b" { bucket = templatefile("${path.module}/nope.tpl", {}) }
resource "aws_s3_bucket" "c" { bucket = filemd5("gone.bin") }
resource "aws_s3_bucket" "d" { bucket = file("../../outside.txt") }
module "local" { source = "./modules/nope" }
module "remote" { source = "terraform-aws-modules/vpc/aws" }
`)
	write("bad.tf", `resource "aws_s3_bucket" "x" {`)
	require.NoError(t, os.Symlink("missing.tf", filepath.Join(infra, "link.tf")))
	return top
}

// Messages and reports say where things are relative to the path the user gave, so they are the same
// wherever the checkout sits: the machine's absolute path appears in none of them.
func TestOutputDoesNotDependOnTheCheckoutPath(t *testing.T) {
	first, second := checkoutWithProblems(t), checkoutWithProblems(t)
	for _, format := range []string{"json", "sarif", "markdown", "table", "github", "junit"} {
		t.Run(format, func(t *testing.T) {
			var outs [2]string
			for i, top := range []string{first, second} {
				t.Chdir(top)
				code, stdout, stderr := runVigil(t, "scan", "infra", "--format", format)
				require.Equal(t, exitUntrusted, code, stderr)
				out := stdout + "\n" + stderr
				for _, abs := range []string{first, second, os.TempDir()} {
					assertNoLineContains(t, out, abs)
				}
				outs[i] = out
			}
			assert.Equal(t, outs[0], outs[1], "the output depends on where the checkout is")
			for _, want := range []string{"infra/main.tf", "missing.json", "nope.tpl", "gone.bin", "modules/nope",
				"infra/bad.tf", "infra/link.tf", "outside.txt"} {
				assert.Contains(t, outs[0], want)
			}
		})
	}

	// From another folder, with the path given relative to it or absolute: names follow what was given.
	t.Chdir(filepath.Join(first, "infra"))
	code, stdout, stderr := runVigil(t, "scan", ".", "--format", "json")
	require.Equal(t, exitUntrusted, code, stderr)
	assertNoLineContains(t, stdout+stderr, first)
	assert.Contains(t, stdout, `"file": "main.tf"`)

	require.NoError(t, os.MkdirAll(filepath.Join(first, "other"), 0o755))
	t.Chdir(filepath.Join(first, "other"))
	code, stdout, stderr = runVigil(t, "scan", "../infra", "--format", "json", "--var-file", "nope.tfvars")
	require.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "nope.tfvars")
	assertNoLineContains(t, stdout+stderr, first)

	code, _, stderr = runVigil(t, "scan", "--plan", "plan.json")
	require.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "read plan plan.json: no such file or directory")
	assertNoLineContains(t, stderr, first)
	for _, flag := range []string{"--config", "--baseline"} {
		code, _, stderr = runVigil(t, "scan", "../infra", flag, "x.hcl")
		require.Equal(t, exitUntrusted, code)
		assert.Contains(t, stderr, "x.hcl: no such file or directory", flag)
		assertNoLineContains(t, stderr, first)
	}
}

// assertNoLineContains fails for each line of out that contains s, showing the line rather than the
// whole output.
func assertNoLineContains(t *testing.T, out, s string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, s) {
			t.Errorf("output line contains %s: %s", s, line)
		}
	}
}
