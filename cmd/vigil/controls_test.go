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
	assert.Contains(t, stdout, "Controls: 0 passing, 0 failing, 14 unknown")
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
