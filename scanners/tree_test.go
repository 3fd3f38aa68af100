package scanners

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

func resourceByID(t *testing.T, inv *inventory.Inventory, id string) *inventory.Resource {
	t.Helper()
	for i := range inv.Resources {
		if inv.Resources[i].ID == id {
			return &inv.Resources[i]
		}
	}
	ids := make([]string, len(inv.Resources))
	for i, r := range inv.Resources {
		ids[i] = r.ID
	}
	require.Failf(t, "no resource", "%s not in %v", id, ids)
	return nil
}

func TestScanTerraformPathsFindsEveryRoot(t *testing.T) {
	inv, err := ScanTerraformPaths(context.Background(), []string{"testdata/tree"}, TerraformOptions{})
	require.NoError(t, err)

	var roots []string
	for _, s := range inv.Sources {
		roots = append(roots, s.Path)
		assert.Empty(t, s.Errors, s.Path)
	}
	assert.Equal(t, []string{"testdata/tree/bootstrap", "testdata/tree/envs/dev", "testdata/tree/envs/prod"}, roots)

	// Each environment evaluates the shared module with its own arguments, under its own id.
	prod := resourceByID(t, inv, "envs/prod:module.bucket.aws_s3_bucket.this")
	dev := resourceByID(t, inv, "envs/dev:module.bucket.aws_s3_bucket.this")
	assert.Equal(t, "acme-prod-logs", prod.Name)
	assert.Equal(t, true, prod.Attributes["versioning"].(map[string]any)["enabled"])
	assert.Equal(t, "acme-dev-logs", dev.Name)
	assert.Equal(t, false, dev.Attributes["versioning"].(map[string]any)["enabled"])
	// Locations keep Terraform's address and point at the module's file.
	assert.Equal(t, "module.bucket.aws_s3_bucket.this", prod.Source.Address)
	assert.Equal(t, "testdata/tree/modules/bucket/main.tf", prod.Source.File)

	// References between resources of a root follow the qualified ids.
	role := resourceByID(t, inv, "envs/prod:aws_iam_role.ops")
	assert.Equal(t, []string{"envs/prod:aws_iam_policy.admin"}, role.Attributes["managed_policy_arns"])
	policy := resourceByID(t, inv, "envs/prod:aws_iam_policy.admin")
	assert.Equal(t, []string{"envs/prod:aws_iam_role.ops"}, policy.Attributes["attachments"])
	stmt := policy.Attributes["document"].(map[string]any)["Statement"].([]any)[1].(map[string]any)
	assert.Equal(t, []string{"envs/prod:module.bucket.aws_s3_bucket.this/*", "envs/prod:module.bucket.aws_s3_bucket.this"}, stmt["Resource"],
		"an ARN built from a reference keeps pointing at the resource")

	resourceByID(t, inv, "bootstrap:aws_dynamodb_table.locks")
	assert.Len(t, inv.Resources, 5)
}

func TestScanTerraformPathsIDs(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{name: "one root: Terraform addresses", paths: []string{"testdata/tree/bootstrap"},
			want: []string{"aws_dynamodb_table.locks"}},
		{name: "several paths: qualified by folder", paths: []string{"testdata/tree/bootstrap", "testdata/tree/envs/dev"},
			want: []string{"testdata/tree/bootstrap:aws_dynamodb_table.locks", "testdata/tree/envs/dev:module.bucket.aws_s3_bucket.this"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// envs/dev calls ../../modules/bucket, outside the scanned folder: inside this repository's
			// git work tree, but the test must not depend on being run from a git checkout (a source
			// archive has no .git). Module confinement has tests of its own.
			inv, err := ScanTerraformPaths(ctx, tt.paths, TerraformOptions{AllowOutsideFileReads: true})
			require.NoError(t, err)
			assert.Empty(t, inv.Sources[len(inv.Sources)-1].Errors)
			var ids []string
			for _, r := range inv.Resources {
				ids = append(ids, r.ID)
			}
			assert.Equal(t, tt.want, ids)
		})
	}
}

func TestScanTerraformPathsVars(t *testing.T) {
	ctx := context.Background()
	// env is declared by envs/prod only: the other roots do not complain.
	inv, err := ScanTerraformPaths(ctx, []string{"testdata/tree"}, TerraformOptions{Vars: map[string]string{"env": "stage"}})
	require.NoError(t, err)
	assert.Equal(t, "acme-stage-logs", resourceByID(t, inv, "envs/prod:module.bucket.aws_s3_bucket.this").Name)
	for _, s := range inv.Sources {
		assert.Empty(t, s.Errors, s.Path)
	}

	_, err = ScanTerraformPaths(ctx, []string{"testdata/tree"}, TerraformOptions{Vars: map[string]string{"env": "x", "regoin": "eu-west-1"}})
	require.EqualError(t, err, "--var regoin: no root module under testdata/tree declares it")
}

func TestScanTerraformPathsErrors(t *testing.T) {
	_, err := ScanTerraformPaths(context.Background(), []string{"testdata/tree/docs"}, TerraformOptions{})
	require.EqualError(t, err, "scan terraform testdata/tree/docs: no Terraform configuration files (.tf, .tf.json) in it or its subfolders")
}

func TestScanTerraformPathsExclude(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	exclude := func(rel string) bool { // called concurrently
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, rel)
		return rel == "modules/bucket/main.tf"
	}
	inv, err := ScanTerraformPaths(context.Background(), []string{"testdata/tree"}, TerraformOptions{Exclude: exclude})
	require.NoError(t, err)
	// The module's file is excluded for every root that calls it, through the path relative to the scan.
	for _, r := range inv.Resources {
		assert.NotContains(t, r.ID, "aws_s3_bucket", r.ID)
	}
	assert.Contains(t, seen, "modules/bucket/main.tf")
}
