package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const twoVolumes = `
resource "aws_ebs_volume" "kept" {
  availability_zone = "eu-west-1a"
  size              = 10
}
`

const brokenVolume = `
resource "aws_ebs_volume" "broken" {
  availability_zone = "eu-west-1a"
  size              = 10
`

// TestDiffIncompleteSideCannotJudge: a finding whose file stopped parsing in NEW is not resolved, and
// an incomplete side exits 2 whichever side it is.
func TestDiffIncompleteSideCannotJudge(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.tf")
	writeTF(t, dir, twoVolumes)
	require.NoError(t, os.WriteFile(other, []byte(fmt.Sprintf(plainVolume, "broken")), 0o644))
	oldRep := filepath.Join(t.TempDir(), "old.json")
	code, _, stderr := runVigil(t, "scan", dir, "--format", "json", "--output", oldRep)
	require.Equal(t, exitOK, code, stderr)

	require.NoError(t, os.WriteFile(other, []byte(brokenVolume), 0o644))
	newRep := filepath.Join(t.TempDir(), "new.json")
	code, _, _ = runVigil(t, "scan", dir, "--format", "json", "--output", newRep)
	require.Equal(t, exitUntrusted, code)

	code, stdout, stderr := runVigil(t, "diff", oldRep, newRep)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stdout, "RESOLVED (0)")
	assert.Contains(t, stdout, "CANNOT BE JUDGED (1)")
	assert.Contains(t, stdout, "aws_ebs_volume.broken")
	assert.Contains(t, stdout, "0 new, 0 resolved, 1 unchanged, 1 cannot be judged (incomplete input)")
	assert.Contains(t, stderr, "NEW report "+newRep+" is incomplete")
	assert.Contains(t, stderr, "other.tf:2:")
	assert.Contains(t, stderr, "1 finding(s) cannot be judged")

	// --fail-on does not turn an untrusted diff into a pass or a plain gate failure.
	code, _, _ = runVigil(t, "diff", oldRep, newRep, "--fail-on", "high")
	assert.Equal(t, exitUntrusted, code)

	code, stdout, stderr = runVigil(t, "diff", newRep, oldRep, "--format", "json")
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "OLD report "+newRep+" is incomplete")
	var d struct {
		New      []map[string]any `json:"new"`
		Unjudged []struct {
			ResourceID string `json:"resource_id"`
			Side       string `json:"side"`
		} `json:"unjudged"`
		OldComplete bool `json:"old_complete"`
		NewComplete bool `json:"new_complete"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &d))
	assert.Empty(t, d.New, "a finding OLD could not read is not known to be new")
	require.Len(t, d.Unjudged, 1)
	assert.Equal(t, "aws_ebs_volume.broken", d.Unjudged[0].ResourceID)
	assert.Equal(t, "new", d.Unjudged[0].Side)
	assert.False(t, d.OldComplete)
	assert.True(t, d.NewComplete)
}

// TestDiffUnknownThenFailIsNew: diff follows the baseline rule.
func TestDiffUnknownThenFailIsNew(t *testing.T) {
	dir := t.TempDir()
	writeTF(t, dir, `
variable "encrypted" {
  type = bool
}
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypted
}
`)
	oldRep := filepath.Join(t.TempDir(), "old.json")
	code, _, stderr := runVigil(t, "scan", dir, "--format", "json", "--output", oldRep)
	require.Equal(t, exitOK, code, stderr)
	newRep := filepath.Join(t.TempDir(), "new.json")
	code, _, stderr = runVigil(t, "scan", dir, "--var", "encrypted=false", "--format", "json", "--output", newRep)
	require.Equal(t, exitOK, code, stderr)
	code, stdout, stderr := runVigil(t, "diff", oldRep, newRep, "--fail-on", "high")
	assert.Equal(t, exitGateFail, code, stderr)
	assert.Contains(t, stdout, "1 new, 0 resolved, 0 unchanged")
}
