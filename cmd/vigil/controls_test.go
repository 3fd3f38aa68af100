package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
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
	assert.Contains(t, stdout, "Controls: 0 passing, 0 failing, 15 unknown")
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
		if fw.Framework == "cis-aws-foundations-6.0" || fw.Framework == "pci-dss-4.0.1" {
			continue // neither asks for RDS backups (RDS.2), which the replica is exempt from
		}
		assert.Equal(t, 1, fw.NotApplicable, fw.Framework)
	}
}

// TestControlsCoverage: the COVERAGE column and the JSON coverage field say how much of each control the
// rules decide; only coverage/fully-automated.json makes a control "automated".
func TestControlsCoverage(t *testing.T) {
	code, stdout, stderr := runVigil(t, "controls", "--framework", "nist-800-53-r5")
	require.Equal(t, exitOK, code, stderr)
	assert.Regexp(t, `^CONTROL\s+TITLE\s+COVERAGE\s+RULES\n`, stdout)
	assert.Regexp(t, `\sautomated\s+ACCT\.6,`, controlLine(t, stdout, "SC-28(1)"))
	assert.Contains(t, controlLine(t, stdout, "CP-9"), "partly automated")
	assert.Contains(t, controlLine(t, stdout, "AC-1"), "manual only")
	assert.Regexp(t, `NIST SP 800-53 Rev\. 5: 1014 controls: 1 automated .*, \d+ partly automated .*, \d+ manual only\n`, stdout)

	code, stdout, stderr = runVigil(t, "controls", "--framework", "iso27001-2022", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var statuses []struct {
		ID       string `json:"id"`
		Coverage string `json:"coverage"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &statuses))
	byCoverage := map[string]int{}
	for _, cs := range statuses {
		byCoverage[cs.Coverage]++
	}
	assert.Zero(t, byCoverage["full"], "no Annex A control is decided by configuration alone")
	assert.Positive(t, byCoverage["partial"])
	assert.Equal(t, 93, byCoverage["partial"]+byCoverage["manual"])
}

// TestControlsCISProfiles: the CIS catalog lists each recommendation's profile and assessment, and the
// totals come per profile as well as for the benchmark.
func TestControlsCISProfiles(t *testing.T) {
	dir := t.TempDir()
	writeTF(t, dir, `
resource "aws_db_instance" "orders" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  storage_encrypted   = true
  publicly_accessible = true
}

resource "aws_s3_bucket" "data" {
  bucket = "data"
}
`)
	code, stdout, stderr := runVigil(t, "controls", "--framework", "cis-aws-foundations-6.0", dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Regexp(t, `^3\.2\.3\s+Level 1\s+Automated\s+Ensure that RDS instances are not publicly accessible\s+partly automated\s+RDS\.5\s+failing \(0 pass, 1 fail`,
		controlLine(t, stdout, "3.2.3"))
	assert.Regexp(t, `^3\.2\.1\s+Level 1\s+Automated\s+.*RDS\.1,RDS\.6\s+passing \(1 pass, 0 fail`, controlLine(t, stdout, "3.2.1"))
	assert.Regexp(t, `^3\.1\.1\s+Level 2\s+Automated\s+.*S3\.6\s+failing`, controlLine(t, stdout, "3.1.1"))
	assert.Regexp(t, `^2\.1\s+Level 1\s+Manual\s+Maintain current contact details\s+manual only\s+manual evidence required\s+manual evidence required$`,
		controlLine(t, stdout, "2.1"))
	assert.Regexp(t, `(?m)^CIS AWS Foundations v6\.0\.0: 63 controls: \d+ automated .*, \d+ partly automated .*, \d+ manual only$`, stdout)
	// vigil's coverage notes (why no rule, or which part a rule judges) come under NOTES.
	notes := stdout[strings.Index(stdout, "\nNOTES (docs/rules.md)\n"):]
	assert.Regexp(t, `(?m)^4\.4\s+manual evidence: S3\.5 judges access logging on every bucket`, notes)
	assert.Regexp(t, `(?m)^3\.2\.1\s+RDS\.1 judges instances`, notes)
	level := func(name string, total int) (failing int) {
		m := regexp.MustCompile(`(?m)^` + name + `: ` + strconv.Itoa(total) + ` controls: \d+ automated .*, \d+ partly automated .*, \d+ manual only\n` +
			`  Controls: \d+ passing, (\d+) failing, .* of ` + strconv.Itoa(total) + `$`).FindStringSubmatch(stdout)
		require.NotNil(t, m, "no %s totals in:\n%s", name, stdout)
		n, err := strconv.Atoi(m[1])
		require.NoError(t, err)
		return n
	}
	assert.GreaterOrEqual(t, level("Level 1", 41), 2, "3.2.3 and 3.1.4 fail")
	assert.GreaterOrEqual(t, level("Level 2", 22), 1, "3.1.1 fails")

	code, stdout, stderr = runVigil(t, "scan", dir, "--framework", "cis-aws-foundations-6.0", "--format", "json", "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	var rep struct {
		Summary struct {
			Frameworks []struct {
				Framework string `json:"framework"`
				Profiles  []struct {
					Profile       string `json:"profile"`
					ControlsTotal int    `json:"controls_total"`
				} `json:"profiles"`
			} `json:"frameworks"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	require.Len(t, rep.Summary.Frameworks, 1)
	profiles := rep.Summary.Frameworks[0].Profiles
	require.Len(t, profiles, 2)
	assert.Equal(t, "Level 1", profiles[0].Profile)
	assert.Equal(t, 41, profiles[0].ControlsTotal)
	assert.Equal(t, "Level 2", profiles[1].Profile)
	assert.Equal(t, 22, profiles[1].ControlsTotal)
}
