package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

// writeShard writes an inventory of one account × region, as vigil collect aws -o FILE does on one machine.
func writeShard(t *testing.T, dir, name, account string, errs []inventory.Issue, resources ...inventory.Resource) string {
	t.Helper()
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	inv := inventory.New()
	inv.GeneratedAt = &at
	inv.Sources = []inventory.Source{{Kind: inventory.SourceAWS, Path: account + "/eu-west-1", Errors: errs}}
	inv.Resources = resources
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, inv.Write(f))
	require.NoError(t, f.Close())
	return path
}

func shardBucket(account, name string, versioning bool) inventory.Resource {
	return inventory.Resource{ID: "arn:aws:s3:::" + name, Type: inventory.TypeS3Bucket, Name: name, Account: account,
		Region: "eu-west-1", Attributes: map[string]any{"versioning": map[string]any{"enabled": versioning}}}
}

func TestScanMergesRepeatedInventories(t *testing.T) {
	dir := t.TempDir()
	a := writeShard(t, dir, "a.json", "111122223333", nil, shardBucket("111122223333", "logs-a", true))
	b := writeShard(t, dir, "b.json", "444455556666", nil, shardBucket("444455556666", "logs-b", false))
	sameAsA := writeShard(t, dir, "a-again.json", "111122223333", nil, shardBucket("111122223333", "logs-a", true))
	conflict := writeShard(t, dir, "conflict.json", "111122223333", nil, shardBucket("111122223333", "logs-a", false))
	denied := []inventory.Issue{{Code: "AccessDenied", Message: "denied", Service: "s3", API: "ListBuckets", Region: "eu-west-1"}}
	incomplete := writeShard(t, dir, "incomplete.json", "777788889999", denied)

	code, stdout, stderr := runVigil(t, "scan", "--inventory", a, "--inventory", b, "--format", "json", "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"111122223333/eu-west-1"`)
	assert.Contains(t, stdout, `"444455556666/eu-west-1"`)
	assert.Contains(t, stdout, `"arn:aws:s3:::logs-a"`)
	assert.Contains(t, stdout, `"arn:aws:s3:::logs-b"`)

	code, _, stderr = runVigil(t, "scan", "--inventory", a, "--inventory", sameAsA, "--format", "json", "--fail-on", "none")
	assert.Equal(t, exitOK, code, "an identical resource in two files is kept once: %s", stderr)

	code, _, stderr = runVigil(t, "scan", "--inventory", a, "--inventory", conflict, "--format", "json", "--fail-on", "none")
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, `resource id "arn:aws:s3:::logs-a" is in `+a+" and in "+conflict+" with different contents")

	code, _, stderr = runVigil(t, "scan", "--inventory", a, "--inventory", incomplete, "--fail-on", "none")
	assert.Equal(t, exitUntrusted, code, "one incomplete shard makes the run incomplete")
	assert.Contains(t, stderr, "777788889999/eu-west-1")

	code, _, stderr = runVigil(t, "scan", "--inventory", a, "--inventory", filepath.Join(dir, "missing.json"))
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "--inventory "+filepath.Join(dir, "missing.json"))

	code, stdout, stderr = runVigil(t, "dr", "--inventory", a, "--inventory", b, "--format", "json")
	assert.NotEqual(t, exitUntrusted, code, stderr)
	assert.NotEmpty(t, stdout)
}
