package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/oscalschema"
)

// TestScanOSCALExamples validates the OSCAL that a real scan of the examples gives against NIST's schema,
// and checks that it holds one observation per result of the same scan's JSON report.
func TestScanOSCALExamples(t *testing.T) {
	raw, err := os.ReadFile("../../reports/testdata/oscal_assessment-results_schema-1.0.6.json")
	require.NoError(t, err)
	sch, err := oscalschema.Compile(raw)
	require.NoError(t, err)

	code, out, stderr := runVigil(t, "scan", "--format", "oscal", "--fail-on", "none", "../../examples/terraform")
	require.Equal(t, exitOK, code, stderr)
	require.NoError(t, oscalschema.Validate(sch, []byte(out)))

	code, jsonOut, stderr := runVigil(t, "scan", "--format", "json", "--fail-on", "none", "../../examples/terraform")
	require.Equal(t, exitOK, code, stderr)
	var rep struct {
		Results []json.RawMessage `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(jsonOut), &rep))
	var doc struct {
		AR struct {
			Results []struct {
				Observations []json.RawMessage `json:"observations"`
			} `json:"results"`
		} `json:"assessment-results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.AR.Results, 1)
	assert.Len(t, doc.AR.Results[0].Observations, len(rep.Results))

	code, csvOut, stderr := runVigil(t, "scan", "--format", "csv", "--fail-on", "none", "../../examples/terraform")
	require.Equal(t, exitOK, code, stderr)
	rows, err := csv.NewReader(bytes.NewReader([]byte(csvOut))).ReadAll()
	require.NoError(t, err)
	assert.Len(t, rows, len(rep.Results)+1, "a header and one row per result")
}
