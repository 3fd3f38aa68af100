package evidence

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHashTerraformTree(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(t.TempDir(), "outside.tf")
	files := map[string]string{
		"main.tf": "a", "prod.tfvars": "b", "json/main.tf.json": "{}", "json/x.tfvars.json": "{}",
		".terraform/modules/m/main.tf": "c", ".git/hooks/x.tf": "d", ".hidden/y.tf": "e", "skip/z.tf": "f",
		"README.md": "g", "main.tf.bak": "h", "policies/admin.json": "i",
		".terraform/providers/registry.terraform.io/hashicorp/aws/terraform-provider-aws": "binary",
		".terraform/modules/m/policy.json":                                                "j",
	}
	for name, body := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
	}
	require.NoError(t, os.WriteFile(outside, []byte("outside"), 0o644))
	require.NoError(t, os.Symlink(outside, filepath.Join(root, "link.tf")))

	got, err := HashTerraformTree(root, func(rel string) bool { return rel == "skip" })
	require.NoError(t, err)
	in := func(kind, rel, body string) Input {
		return Input{Kind: kind, Path: filepath.ToSlash(filepath.Join(root, rel)), SHA256: SHA256Hex([]byte(body)), Size: int64(len(body))}
	}
	// Every file the configuration may read (file("policies/admin.json")) is an input; the providers'
	// binaries, hidden folders, excluded paths and links are not.
	assert.Equal(t, SortInputs([]Input{
		in("terraform", ".terraform/modules/m/main.tf", "c"), in(KindFile, ".terraform/modules/m/policy.json", "j"),
		in("terraform", "json/main.tf.json", "{}"), in("tfvars", "json/x.tfvars.json", "{}"),
		in(KindFile, "README.md", "g"), in("terraform", "main.tf", "a"), in(KindFile, "main.tf.bak", "h"),
		in(KindFile, "policies/admin.json", "i"), in("tfvars", "prod.tfvars", "b"),
	}), got)

	_, err = HashTerraformTree(filepath.Join(root, "missing"), nil)
	assert.ErrorContains(t, err, "no such file")
}

func TestHashRuleSet(t *testing.T) {
	builtin, err := HashRuleSet(nil, 3)
	require.NoError(t, err)
	assert.Equal(t, 3, builtin.Rules)
	assert.Contains(t, builtin.Files[0].Path, "builtin/")
	again, err := HashRuleSet(nil, 3)
	require.NoError(t, err)
	assert.Equal(t, builtin, again, "same files, same digest")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "r.rego"), []byte("package r\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.md"), []byte("not a policy"), 0o644))
	custom, err := HashRuleSet([]string{dir}, 4)
	require.NoError(t, err)
	assert.Len(t, custom.Files, len(builtin.Files)+1)
	assert.NotEqual(t, builtin.SHA256, custom.SHA256)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "r.rego"), []byte("package r2\n"), 0o644))
	changed, err := HashRuleSet([]string{dir}, 4)
	require.NoError(t, err)
	assert.NotEqual(t, custom.SHA256, changed.SHA256)
}
