package plan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

// canonical is the part of a resource every scanner must agree on for equivalent input: everything but
// the source location, which differs by kind (file and lines for HCL, none for a plan).
type canonical struct {
	Type       string
	Name       string
	Region     string
	Tags       map[string]string
	Attributes map[string]any
	Unknown    []string
	// Related lists the joined blocks: the same joins must have happened.
	Related []string
}

// assertEquivalent is the conformance check between scanners: want and got must hold the same resource
// ids with the same canonical content. Values are compared in their JSON form, as rules see them.
func assertEquivalent(t *testing.T, want, got *inventory.Inventory) {
	t.Helper()
	index := func(inv *inventory.Inventory) map[string]string {
		out := map[string]string{}
		for _, r := range inv.Resources {
			c := canonical{Type: r.Type, Name: r.Name, Region: r.Region, Tags: r.Tags,
				Attributes: r.Attributes, Unknown: r.Unknown, Related: r.Source.Related}
			raw, err := json.MarshalIndent(c, "", "  ")
			require.NoError(t, err, r.ID)
			out[r.ID] = string(raw)
		}
		return out
	}
	w, g := index(want), index(got)
	ids := func(m map[string]string) []string {
		var out []string
		for id := range m {
			out = append(out, id)
		}
		return out
	}
	require.ElementsMatch(t, ids(w), ids(g), "resource ids")
	for id, wj := range w {
		assert.JSONEq(t, wj, g[id], "resource %s", id)
	}
}

// TestPlanMatchesHCL scans a root module as HCL and the plan Terraform would make of it (every resource
// created): both must give the same inventory.
func TestPlanMatchesHCL(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("testdata", "equiv")
	hcl, err := scanners.ScanTerraform(ctx, dir, scanners.TerraformOptions{})
	require.NoError(t, err)
	require.Empty(t, hcl.Sources[0].Errors)
	got, err := scanners.ScanPlan(ctx, filepath.Join(dir, "plan.json"), scanners.PlanOptions{})
	require.NoError(t, err)
	require.Empty(t, got.Sources[0].Errors)
	require.NotEmpty(t, hcl.Resources)
	assertEquivalent(t, hcl, got)
}

// TestPlanLocations: with the configuration directory, plan resources carry the HCL block locations.
func TestPlanLocations(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("testdata", "equiv")
	hcl, err := scanners.ScanTerraform(ctx, dir, scanners.TerraformOptions{})
	require.NoError(t, err)
	got, err := scanners.ScanPlan(ctx, filepath.Join(dir, "plan.json"), scanners.PlanOptions{ConfigDir: dir})
	require.NoError(t, err)
	require.Len(t, got.Resources, len(hcl.Resources))
	for i, r := range got.Resources {
		want := hcl.Resources[i].Source
		assert.Equal(t, inventory.SourcePlan, r.Source.Kind, r.ID)
		assert.Equal(t, want.File, r.Source.File, r.ID)
		assert.Equal(t, want.StartLine, r.Source.StartLine, r.ID)
		assert.Equal(t, want.EndLine, r.Source.EndLine, r.ID)
		assert.NotEmpty(t, r.Source.File, r.ID)
	}
	assert.Contains(t, got.Sources[0].Notes,
		fmt.Sprintf("locations from %s: %d of %d resources", dir, len(hcl.Resources), len(hcl.Resources)))
}

func TestScanPlanChangedOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join("testdata", "changes.json")
	all, err := scanners.ScanPlan(ctx, path, scanners.PlanOptions{})
	require.NoError(t, err)
	changed, err := scanners.ScanPlan(ctx, path, scanners.PlanOptions{ChangedOnly: true})
	require.NoError(t, err)

	ids := func(inv *inventory.Inventory) []string {
		var out []string
		for _, r := range inv.Resources {
			out = append(out, r.ID)
		}
		return out
	}
	assert.Equal(t, []string{"aws_db_instance.main", "aws_kms_key.data", "aws_s3_bucket.data", "aws_s3_bucket.logs",
		"aws_s3_bucket.replica", "aws_security_group.bastion"}, ids(all))
	// The replica bucket is unchanged, but its new versioning resource changes it.
	assert.Equal(t, []string{"aws_s3_bucket.data", "aws_s3_bucket.logs", "aws_s3_bucket.replica",
		"aws_security_group.bastion"}, ids(changed))
	src := changed.Sources[0]
	assert.Equal(t, inventory.SourcePlan, src.Kind)
	assert.Equal(t, path, src.Path)
	assert.Equal(t, []string{"terraform 1.8.5, plan format 1.2",
		"changed only: kept 4 of 6 resources (created, updated or replaced)"}, src.Notes)
	assert.True(t, changed.Complete())
}

// TestScanPlanResources checks the canonical resources of a plan of existing resources: joins made by
// known ids, legacy inline settings read back by the provider ignored, known values kept.
func TestScanPlanResources(t *testing.T) {
	inv, err := scanners.ScanPlan(context.Background(), filepath.Join("testdata", "changes.json"), scanners.PlanOptions{})
	require.NoError(t, err)
	byID := map[string]inventory.Resource{}
	for _, r := range inv.Resources {
		assert.Equal(t, inventory.SourcePlan, r.Source.Kind)
		assert.Empty(t, r.Source.File)
		byID[r.ID] = r
	}
	bucket := byID["aws_s3_bucket.data"]
	assert.Equal(t, map[string]any{"enabled": true, "algorithm": "aws:kms", "kms_key_id": "aws_kms_key.data",
		"bucket_key_enabled": true, "configured": true}, bucket.Attributes["encryption"])
	assert.Equal(t, map[string]any{"enabled": true, "mfa_delete": false, "configured": true}, bucket.Attributes["versioning"])
	assert.Nil(t, bucket.Attributes["acl"], "the owner's FULL_CONTROL grant read back is not a configured ACL")
	assert.Equal(t, map[string]string{"app": "payments", "tier": "gold", "env": "prod", "team": "storage"}, bucket.Tags)
	assert.Equal(t, []string{"aws_s3_bucket_server_side_encryption_configuration.data", "aws_s3_bucket_versioning.data"},
		bucket.Source.Related)
	assert.Empty(t, bucket.Unknown)

	replica := byID["aws_s3_bucket.replica"]
	assert.Equal(t, "eu-central-1", replica.Region)
	assert.Equal(t, true, replica.Attributes["versioning"].(map[string]any)["enabled"])

	db := byID["aws_db_instance.main"]
	assert.Equal(t, int64(7), db.Attributes["backup_retention_period"])
	assert.Equal(t, true, db.Attributes["multi_az"])
	assert.Equal(t, "aws_kms_key.data", db.Attributes["kms_key_id"])

	sg := byID["aws_security_group.bastion"]
	ingress := sg.Attributes["ingress"].([]any)
	require.Len(t, ingress, 1)
	assert.Equal(t, []string{"0.0.0.0/0"}, ingress[0].(map[string]any)["cidr_blocks"])
	assert.Equal(t, "vpc-0fedcba9876543210", sg.Attributes["vpc_id"])
}

func TestScanPlanErrors(t *testing.T) {
	ctx := context.Background()
	_, err := scanners.ScanPlan(ctx, filepath.Join("testdata", "unsupported_version.json"), scanners.PlanOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `testdata/unsupported_version.json: unsupported plan format_version "2.0"`)

	_, err = scanners.ScanPlan(ctx, filepath.Join("testdata", "changes.json"),
		scanners.PlanOptions{ConfigDir: filepath.Join("testdata", "no-such-dir")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read configuration")

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = scanners.ScanPlan(canceled, filepath.Join("testdata", "changes.json"), scanners.PlanOptions{})
	assert.ErrorIs(t, err, context.Canceled)
}

// TestScanPlanDeterministic: two scans of the same plan encode to the same bytes.
func TestScanPlanDeterministic(t *testing.T) {
	var out [2]string
	for i := range out {
		inv, err := scanners.ScanPlan(context.Background(), filepath.Join("testdata", "equiv", "plan.json"),
			scanners.PlanOptions{ConfigDir: filepath.Join("testdata", "equiv")})
		require.NoError(t, err)
		var b strings.Builder
		require.NoError(t, inv.Write(&b))
		out[i] = b.String()
	}
	assert.Equal(t, out[0], out[1])
}

// TestPlanBackupVaultPolicy: the aws_backup_vault_policy of the equivalence fixture (a jsonencode policy
// whose vault name is known at plan time) joins its vault as access_policy, from HCL and from the plan
// alike; the document is normalised (Resource "*" becomes a list).
func TestPlanBackupVaultPolicy(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("testdata", "equiv")
	want := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Sid": "DenyManualDeletion", "Effect": "Deny", "Principal": "*",
		"Action":   []string{"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"},
		"Resource": []string{"*"},
	}}}
	hcl, err := scanners.ScanTerraform(ctx, dir, scanners.TerraformOptions{})
	require.NoError(t, err)
	plan, err := scanners.ScanPlan(ctx, filepath.Join(dir, "plan.json"), scanners.PlanOptions{})
	require.NoError(t, err)
	for source, inv := range map[string]*inventory.Inventory{"hcl": hcl, "plan": plan} {
		var found bool
		for _, r := range inv.Resources {
			if r.ID == "aws_backup_vault.main" {
				found = true
				assert.Equal(t, want, r.Attributes["access_policy"], source)
				assert.Empty(t, r.Unknown, source)
			}
		}
		assert.True(t, found, source)
	}
}
