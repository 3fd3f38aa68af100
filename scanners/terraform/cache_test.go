package terraform

import (
	"context"
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
