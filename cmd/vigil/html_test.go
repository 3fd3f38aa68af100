package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScanHTMLPreviousReport: --previous-report adds the trend to the html page; a file that is not a
// valid JSON report stops the run (exit 2) before anything is scanned, naming the flag and the file.
func TestScanHTMLPreviousReport(t *testing.T) {
	dir := t.TempDir()
	prev := filepath.Join(dir, "prev.json")
	code, _, stderr := runVigil(t, "scan", "../../examples/terraform", "--format", "json", "-o", prev)
	require.Equal(t, 0, code, stderr)

	// The previous report had one failure more: the page shows -1 against it.
	raw, err := os.ReadFile(prev)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc))
	byStatus := doc["summary"].(map[string]any)["by_status"].(map[string]any)
	byStatus["fail"] = byStatus["fail"].(float64) + 1
	raw, err = json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(prev, raw, 0o644))

	page := filepath.Join(dir, "report.html")
	code, _, stderr = runVigil(t, "scan", "../../examples/terraform", "--format", "html", "-o", page, "--previous-report", prev)
	require.Equal(t, 0, code, stderr)
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Contains(t, string(html), `<span class="delta better" data-delta="fail">-1</span>`)
	assert.Contains(t, string(html), `<span class="delta same" data-delta="unknown">±0</span>`)

	// vigil report renders a saved report the same way.
	again := filepath.Join(dir, "again.html")
	code, _, stderr = runVigil(t, "report", prev, "--format", "html", "-o", again, "--previous-report", prev)
	require.Equal(t, 0, code, stderr)

	code, _, stderr = runVigil(t, "scan", "../../examples/terraform", "--format", "sarif", "--previous-report", prev)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "--previous-report is for --format html")

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"schema": "vigil.report/v1", "tool": "vigil"}`), 0o644))
	code, _, stderr = runVigil(t, "scan", "../../examples/terraform", "--format", "html", "--previous-report", bad)
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "--previous-report: report "+bad+" is not a valid vigil json report")
}

// TestDRFormatHTML: vigil dr --format html writes the DR section alone, with the same counts as the JSON.
func TestDRFormatHTML(t *testing.T) {
	code, out, stderr := runVigil(t, "dr", "../../examples/dr", "--format", "html", "--fail-on", "none")
	require.Equal(t, 0, code, stderr)
	code, jsonOut, stderr := runVigil(t, "dr", "../../examples/dr", "--format", "json", "--fail-on", "none")
	require.Equal(t, 0, code, stderr)
	var posture struct {
		Resources []struct {
			Objectives map[string]struct{ Status string } `json:"objectives"`
		} `json:"resources"`
	}
	require.NoError(t, json.Unmarshal([]byte(jsonOut), &posture))
	counts := map[string]int{}
	for _, r := range posture.Resources {
		for _, o := range r.Objectives {
			counts[o.Status]++
		}
	}
	assert.True(t, strings.HasPrefix(out, "<!DOCTYPE html>"))
	assert.Contains(t, out, "<title>vigil DR posture</title>")
	for _, st := range []string{"pass", "fail", "unknown"} {
		assert.Contains(t, out, `<b data-dr="`+st+`">`+strconv.Itoa(counts[st])+`</b>`, st)
	}
	assert.Contains(t, out, "<h3>payments (tier standard)</h3>")
	assert.NotContains(t, out, "Executive summary", "the DR page is the DR section alone")
}
