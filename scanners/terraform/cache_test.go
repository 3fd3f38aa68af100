package terraform

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFileCacheSharesParsesBetweenRoots(t *testing.T) {
	base := "../testdata/tree"
	cache, err := NewFileCache(base)
	require.NoError(t, err)
	roots, err := FindRoots(base, nil, cache)
	require.NoError(t, err)
	require.Equal(t, []string{"bootstrap", "envs/dev", "envs/prod"}, roots)

	abs := func(rel string) string { return filepath.Join(cache.Base(), rel) }
	assert.Equal(t, 2, cache.uses[abs("modules/bucket")], "both environments use the module")
	assert.Equal(t, 1, cache.uses[abs("envs/prod")])
	// FindRoots parsed the files that call modules; they wait for the loads.
	assert.Contains(t, cache.files, abs("envs/prod/main.tf"))

	ctx := context.Background()
	prod, err := Load(ctx, filepath.Join(base, "envs/prod"), Options{Files: cache})
	require.NoError(t, err)
	assert.Contains(t, cache.files, abs("modules/bucket/main.tf"), "kept for envs/dev")
	assert.NotContains(t, cache.files, abs("envs/prod/main.tf"), "no other load needs it")

	dev, err := Load(ctx, filepath.Join(base, "envs/dev"), Options{Files: cache})
	require.NoError(t, err)
	assert.Empty(t, cache.files, "every folder decoded as often as counted")

	// File names are relative to the cache's base in both roots, and the shared module's locations agree.
	assert.Equal(t, "modules/bucket/main.tf", blocks(prod)["module.bucket.aws_s3_bucket.this"].File)
	assert.Equal(t, "modules/bucket/main.tf", blocks(dev)["module.bucket.aws_s3_bucket.this"].File)
	assert.Equal(t, "envs/prod/main.tf", blocks(prod)["aws_iam_role.ops"].File)
	assert.Equal(t, "acme-prod-logs", blocks(prod)["module.bucket.aws_s3_bucket.this"].Attrs["bucket"])
	assert.Equal(t, "acme-dev-logs", blocks(dev)["module.bucket.aws_s3_bucket.this"].Attrs["bucket"])
}

// A shared module's variables are decoded and their defaults converted once per scan; every root still
// gets the values, and the issues of a declaration that does not decode or a default that does not
// convert to its type.
func TestFileCacheSharesVariables(t *testing.T) {
	base := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(base, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	}
	write("modules/sg/main.tf", `
variable "rules" {
  type    = map(list(string))
  default = { ssh = [22, "tcp"], https = [443, "tcp"] }
}

variable "port" {
  type    = number
  default = "not a number"
}

variable "cidr" {
  type = cidr
}

resource "aws_security_group_rule" "this" {
  for_each  = var.rules
  from_port = each.value[0]
  protocol  = each.value[1]
  to_port   = var.port
}
`)
	for _, env := range []string{"dev", "prod"} {
		write("envs/"+env+"/main.tf", `module "sg" { source = "../../modules/sg" }`)
	}
	cache, err := NewFileCache(base)
	require.NoError(t, err)
	roots, err := FindRoots(base, nil, cache)
	require.NoError(t, err)
	require.Equal(t, []string{"envs/dev", "envs/prod"}, roots)
	for _, root := range roots {
		res, err := Load(context.Background(), filepath.Join(base, root), Options{Files: cache})
		require.NoError(t, err)
		b := blocks(res)
		assert.Equal(t, "22", b[`module.sg.aws_security_group_rule.this["ssh"]`].Attrs["from_port"], root)
		assert.Equal(t, "tcp", b[`module.sg.aws_security_group_rule.this["https"]`].Attrs["protocol"], root)
		require.Len(t, res.Issues, 2, root)
		assert.Equal(t, "modules/sg/main.tf", res.Issues[0].File, root)
		assert.Contains(t, res.Issues[0].Message, `invalid value for variable "port"`, root)
		assert.Equal(t, CodeParse, res.Issues[1].Code, root)
		assert.Contains(t, res.Issues[1].Message, "cidr", root)
	}
}
