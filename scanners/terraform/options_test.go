package terraform

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return dir
}

func TestConfigVariablesPrecedence(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.tf": `
variable "a" {}
variable "b" {}
variable "c" {}
variable "size" { type = number }
resource "aws_ebs_volume" "v" {
  availability_zone = "${var.a}-${var.b}-${var.c}"
  size              = var.size
}
`,
		"terraform.tfvars": "a = \"tfvars\"\nb = \"tfvars\"\nc = \"tfvars\"\n",
		"cfg.tfvars":       "a = \"config-file\"\nb = \"config-file\"\nc = \"config-file\"\n",
		"flag.tfvars":      "c = \"flag-file\"\n",
	})
	res, err := Load(context.Background(), dir, Options{
		ConfigVarFiles: []string{filepath.Join(dir, "cfg.tfvars")},
		ConfigVars:     map[string]string{"b": `"config-var"`, "c": `"config-var"`, "size": "20", "undeclared": `"ignored"`},
		VarFiles:       []string{filepath.Join(dir, "flag.tfvars")},
	})
	require.NoError(t, err)
	require.Empty(t, res.Issues)
	require.Len(t, res.Blocks, 1)
	assert.Equal(t, "config-file-config-var-flag-file", res.Blocks[0].Attrs["availability_zone"])
	assert.EqualValues(t, 20, res.Blocks[0].Attrs["size"])

	_, err = Load(context.Background(), dir, Options{ConfigVars: map[string]string{"a": "{"}})
	require.ErrorContains(t, err, "invalid config variable a")
}

func TestExcludedFilesAreNotRead(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.tf":                 `module "legacy" { source = "./modules/legacy" }` + "\n" + `resource "aws_ebs_volume" "kept" { size = 1 }`,
		"sandbox.tf":              `resource "aws_ebs_volume" "sandbox" {`,
		"modules/legacy/main.tf":  `resource "aws_ebs_volume" "old" { size = 1 }`,
		"modules/legacy/other.tf": `resource "aws_ebs_volume" "old2" { size = 1 }`,
	})
	excluded := map[string]bool{"sandbox.tf": true, "modules/legacy/main.tf": true}
	res, err := Load(context.Background(), dir, Options{Exclude: func(rel string) bool { return excluded[rel] }})
	require.NoError(t, err)
	assert.Empty(t, res.Issues, "the broken excluded file is never parsed")
	var addrs []string
	for _, b := range res.Blocks {
		addrs = append(addrs, b.Address)
	}
	assert.Equal(t, []string{"aws_ebs_volume.kept", "module.legacy.aws_ebs_volume.old2"}, addrs)
}

func TestEnvironmentVariables(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.tf": `
variable "env" {}
variable "name" { type = string }
variable "size" { type = number }
variable "tags" { type = map(string) }
resource "aws_ebs_volume" "v" {
  availability_zone = "${var.env}-${var.name}"
  size              = var.size
  tags              = var.tags
}
`,
		"terraform.tfvars": "env = \"tfvars\"\n",
	})
	env := EnvVars([]string{"TF_VAR_env=from-env", "TF_VAR_name=[not parsed]", "TF_VAR_size=8", `TF_VAR_tags={team = "data"}`,
		"TF_VAR_undeclared=1", "TF_VAR_=x", "PATH=/bin", "TF_VARX=1"})
	assert.Equal(t, map[string]string{"env": "from-env", "name": "[not parsed]", "size": "8", "tags": `{team = "data"}`, "undeclared": "1"}, env)

	res, err := Load(context.Background(), dir, Options{EnvVars: env, Vars: map[string]string{"size": "9"}})
	require.NoError(t, err)
	require.Empty(t, res.Issues, "an undeclared TF_VAR_ is ignored, as Terraform does")
	require.Len(t, res.Blocks, 1)
	b := res.Blocks[0]
	assert.Equal(t, "tfvars-[not parsed]", b.Attrs["availability_zone"], "terraform.tfvars beats the environment; strings are not parsed")
	assert.EqualValues(t, 9, b.Attrs["size"], "--var beats the environment")
	assert.Equal(t, map[string]any{"team": "data"}, b.Attrs["tags"])

	_, err = Load(context.Background(), dir, Options{EnvVars: map[string]string{"size": "{"}})
	require.ErrorContains(t, err, "invalid TF_VAR_size")
}
