package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A pull request cannot have the scan read Terraform files outside the scanned tree through its module
// calls: a secret in a .tf file of the runner, used as a bucket name, appears in no report, every call
// that leads there is an error at its module block, and the run is incomplete (exit 2). A trusted run
// (--allow-outside-file-reads) does read it, which shows the scan would carry it into the reports.
func TestSecretInATerraformFileOutsideTheScanNeverReachesAReport(t *testing.T) {
	const secret = "RUNNER-TF-SECRET-5eed"
	top := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(top, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	write("runner/secrets/main.tf", `
locals { name = "`+secret+`" }
resource "aws_s3_bucket" "stolen" { bucket = local.name }
`)
	write("repo/main.tf", `module "dotdot" {
  source = "../runner/secrets"
}
module "linked" {
  source = "./modules/linked"
}
module "installed" {
  source = "example/secrets/aws"
}
resource "aws_s3_bucket" "own" { bucket = "own" }
`)
	write("repo/.terraform/modules/modules.json", `{"Modules":[{"Key":"installed","Dir":"../runner/secrets"}]}`)
	repo := filepath.Join(top, "repo")
	require.NoError(t, os.MkdirAll(filepath.Join(repo, "modules"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(top, "runner", "secrets"), filepath.Join(repo, "modules", "linked")))

	for _, format := range []string{"json", "sarif", "markdown", "table", "github", "junit", "csv"} {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, "scan", repo, "--format", format)
			assert.Equal(t, exitUntrusted, code, stderr)
			assert.False(t, strings.Contains(stdout, secret), "the secret is in the report")
			assert.False(t, strings.Contains(stderr, secret), "the secret is on stderr")
			if format == "json" {
				assert.Contains(t, stdout, "aws_s3_bucket.own")
				for _, want := range []string{
					`module module.dotdot (source \"../runner/secrets\") not scanned: ../runner/secrets is outside the scanned tree`,
					`module module.linked (source \"./modules/linked\") not scanned: modules/linked is outside the scanned tree`,
					`module module.installed (source \"example/secrets/aws\") not scanned: ../runner/secrets is outside the scanned tree`,
				} {
					assert.True(t, strings.Contains(stdout, want), "no %s in the report", want)
				}
			}
		})
	}

	code, stdout, stderr := runVigil(t, "scan", repo, "--format", "json", "--allow-outside-file-reads")
	assert.NotEqual(t, exitUntrusted, code, stderr)
	assert.True(t, strings.Contains(stdout, secret), "a trusted run reads the module folders")
}

// Scanning one root of a git repository keeps working: its call to a shared module elsewhere in the
// work tree is read, and the run is complete.
func TestScanOneRootOfAMonorepo(t *testing.T) {
	top := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(top, ".git"), 0o755))
	for rel, content := range map[string]string{
		"envs/prod/main.tf":      "module \"logs\" {\n  source = \"../../modules/logs\"\n}\n",
		"modules/logs/main.tf":   "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = trimspace(file(\"${path.module}/name.txt\"))\n}\n",
		"modules/logs/name.txt":  "prod-logs\n",
		"modules/other/main.tf":  `resource "aws_s3_bucket" "other" { bucket = "other" }`,
		"envs/prod/terraform.tf": `terraform {}`,
	} {
		p := filepath.Join(top, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	code, stdout, stderr := runVigil(t, "scan", filepath.Join(top, "envs", "prod"), "--format", "json")
	assert.NotEqual(t, exitUntrusted, code, stderr)
	for _, want := range []string{"module.logs.aws_s3_bucket.logs", `"prod-logs"`} {
		assert.True(t, strings.Contains(stdout, want), "no %s in the report", want)
	}
	assert.False(t, strings.Contains(stdout, "outside the scan"), "a warning or error in the report")
}
