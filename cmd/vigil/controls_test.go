package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const encryptedVolume = `
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = true
}
`

// controlLine returns the table line of one control.
func controlLine(t *testing.T, stdout, id string) string {
	t.Helper()
	line := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(id) + `\s.*$`).FindString(stdout)
	require.NotEmpty(t, line, "control %s in:\n%s", id, stdout)
	return line
}

// TestControlsIncompleteInputIsNotPassing: a file that does not parse leaves the controls its rules
// could be judged by unknown, and controls exits 2.
func TestControlsIncompleteInputIsNotPassing(t *testing.T) {
	dir := t.TempDir()
	writeTF(t, dir, encryptedVolume)
	code, stdout, stderr := runVigil(t, "controls", "--framework", "iso27001-2022", dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, controlLine(t, stdout, "8.24"), "passing (1 pass, 0 fail, 0 unknown)")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.tf"), []byte(brokenVolume), 0o644))
	code, stdout, stderr = runVigil(t, "controls", "--framework", "iso27001-2022", dir)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, controlLine(t, stdout, "8.24"), "unknown (input incomplete, 1 pass, 0 fail, 0 unknown)")
	assert.NotContains(t, stdout, "passing (")
	assert.Contains(t, stdout, "Controls: 0 passing, 0 failing, 16 unknown")
	assert.Contains(t, stderr, "broken.tf:2:")
	assert.Contains(t, stderr, "control(s) cannot be judged: ")
	assert.Contains(t, stderr, "8.24")

	code, stdout, _ = runVigil(t, "controls", "--framework", "nist-800-53-r5", dir, "--format", "json")
	assert.Equal(t, exitUntrusted, code)
	var statuses []struct {
		ID         string `json:"id"`
		State      string `json:"state"`
		Incomplete bool   `json:"incomplete"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &statuses))
	for _, cs := range statuses {
		assert.NotEqual(t, "passing", cs.State, cs.ID)
		if cs.ID == "SC-28" {
			assert.Equal(t, "unknown", cs.State)
			assert.True(t, cs.Incomplete)
		}
	}

	// A failure stays a failure whatever else could not be read.
	writeTF(t, dir, sprintfTF(plainVolume, "open"))
	code, stdout, _ = runVigil(t, "controls", "--framework", "iso27001-2022", dir)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, controlLine(t, stdout, "8.24"), "failing (input incomplete, 0 pass, 1 fail")
}

// TestControlsWaivedOnlyIsWaived: a control whose only results are waived is reported waived, never
// passing; a read replica skipped by a backup rule is not applicable, not a pass.
func TestControlsWaivedOnlyIsWaived(t *testing.T) {
	dir := t.TempDir()
	writeTF(t, dir, sprintfTF(plainVolume, "legacy"))
	replica := `
resource "aws_db_instance" "replica" {
  replicate_source_db = "orders"
  instance_class      = "db.t3.micro"
  storage_encrypted   = true
  multi_az            = true
  deletion_protection = true
  publicly_accessible = false
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "vigil.hcl"), []byte(`
waiver "legacy-volume" {
  rule        = "EC2.5"
  resources   = ["aws_ebs_volume.legacy"]
  reason      = "Scratch volume, deleted next sprint."
  owner       = "platform"
  approved_by = "ciso@example.com"
  expires     = "2999-01-01"
}
`), 0o644))
	code, stdout, stderr := runVigil(t, "controls", "--framework", "nist-800-53-r5", dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, controlLine(t, stdout, "SC-28(1)"), "waived (0 pass, 0 fail, 0 unknown, 1 waived)")
	assert.Contains(t, stdout, "Controls: 0 passing, 0 failing, 0 unknown, 2 waived")

	// Not applicable results are neither passes nor findings.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "db.tf"), []byte(replica), 0o644))
	code, stdout, stderr = runVigil(t, "scan", dir, "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var rep struct {
		Results []struct {
			RuleID     string `json:"rule_id"`
			ResourceID string `json:"resource_id"`
			Status     string `json:"status"`
		} `json:"results"`
		Summary struct {
			ByStatus   map[string]int `json:"by_status"`
			Frameworks []struct {
				Framework     string `json:"framework"`
				NotApplicable int    `json:"not_applicable"`
			} `json:"frameworks"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	got := map[string]string{}
	for _, r := range rep.Results {
		got[r.RuleID+" "+r.ResourceID] = r.Status
	}
	assert.Equal(t, "not_applicable", got["RDS.2 aws_db_instance.replica"])
	assert.Equal(t, "pass", got["RDS.1 aws_db_instance.replica"])
	assert.Equal(t, 1, rep.Summary.ByStatus["not_applicable"])
	for _, fw := range rep.Summary.Frameworks {
		if fw.Framework == "cis-aws-foundations-6.0" {
			continue // no CIS recommendation asks for RDS backups, which the replica is exempt from
		}
		assert.Equal(t, 1, fw.NotApplicable, fw.Framework)
	}
}
