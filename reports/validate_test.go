package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/docschema"
)

// TestReportSchemaPublishedInDocs keeps docs/schemas/report.schema.json identical to the embedded schema.
func TestReportSchemaPublishedInDocs(t *testing.T) {
	docs, err := os.ReadFile("../docs/schemas/report.schema.json")
	require.NoError(t, err)
	assert.Equal(t, string(JSONSchemaDocument), string(docs), "copy reports/schema/report.schema.json to docs/schemas/")
}

// TestReportSchemaMatchesTypes checks that the schema describes exactly the JSON fields of the report,
// its rules and its results, so that a field added to one is added to the other (a report vigil
// writes must read back).
func TestReportSchemaMatchesTypes(t *testing.T) {
	var schema struct {
		Properties map[string]any `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal(JSONSchemaDocument, &schema))
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	top := append(jsonFields(reflect.TypeOf(engine.Report{})), "schema")
	sort.Strings(top)
	assert.Equal(t, top, keys(schema.Properties), "report")
	assert.Equal(t, jsonFields(reflect.TypeOf(engine.Rule{})), keys(schema.Defs["rule"].Properties), "rule")
	assert.Equal(t, jsonFields(reflect.TypeOf(engine.Result{})), keys(schema.Defs["result"].Properties), "result")
	assert.Equal(t, jsonFields(reflect.TypeOf(engine.FrameworkSummary{})), keys(schema.Defs["frameworkSummary"].Properties),
		"framework summary")
}

// TestReadJSONFrameworkSummary: coverage counts are typed; a report written before they existed still reads.
func TestReadJSONFrameworkSummary(t *testing.T) {
	const doc = `{"schema": "vigil.report/v1", "tool": "vigil", "complete": true, "sources": [], "rules": [], "results": [],
		"summary": {"frameworks": [{"framework": "iso27001-2022", "controls_total": 93, "controls_automated": 14%s}]}}`
	_, err := ReadJSON(strings.NewReader(fmt.Sprintf(doc, "")))
	require.NoError(t, err)
	rep, err := ReadJSON(strings.NewReader(fmt.Sprintf(doc, `, "controls_partly_automated": 14, "controls_fully_automated": 0`)))
	require.NoError(t, err)
	assert.Equal(t, 14, rep.Summary.Frameworks[0].ControlsPartlyAutomated)
	_, err = ReadJSON(strings.NewReader(fmt.Sprintf(doc, `, "controls_partly_automated": -1`)))
	require.ErrorContains(t, err, "/summary/frameworks/0/controls_partly_automated")
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case f.Anonymous && name == "":
			// An embedded struct's fields are the outer object's, as encoding/json writes them.
			out = append(out, jsonFields(f.Type)...)
		case name != "" && name != "-":
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// TestReadJSONRejectsInvalidReports pins the message for each kind of bad report: each names the file
// and the JSON pointer. Such reports used to be read, and a diff or a baseline then matched results
// by empty or repeated keys.
func TestReadJSONRejectsInvalidReports(t *testing.T) {
	const head = `{"schema": "vigil.report/v1", "tool": "vigil", "complete": true, "sources": [], "rules": [], "results": [`
	const ok = `{"rule_id": "S3.1", "severity": "medium", "status": "fail", "resource_id": "a", "fingerprint": "0123456789abcdef0123456789abcdef"}`
	tests := []struct {
		name    string
		results string
		want    []string
	}{
		{"missing rule id", `{"severity": "medium", "status": "fail", "resource_id": "a", "fingerprint": "0123456789abcdef0123456789abcdef"}`,
			[]string{`r.json: /results/0: missing property 'rule_id'`}},
		{"bad severity", strings.Replace(ok, `"medium"`, `"severe"`, 1), []string{`r.json: /results/0/severity: value must be one of`}},
		{"misspelt field", strings.Replace(ok, `"status"`, `"statsu"`, 1), []string{`r.json: /results/0: missing property 'status'`, `additional properties 'statsu' not allowed`}},
		// A status diff and baselines do not know would be neither a finding nor a failure: "Fail" in NEW
		// would not be new.
		{"misspelt status", strings.Replace(ok, `"fail"`, `"Fail"`, 1), []string{`r.json: /results/0/status: value must be one of`}},
		{"duplicate result", ok + "," + strings.Replace(ok, `"fail"`, `"pass"`, 1),
			[]string{`r.json: /results/1: a second result for rule S3.1 and resource "a" (the first is /results/0)`}},
		// The validator compares numbers exactly: it took seconds per such number.
		{"huge numbers", strings.Replace(ok, `"fail",`, `"fail", "location": {"kind": "terraform", "start_line": 1e1000000}, "evidence": {"n": -1e999999},`, 1),
			[]string{`r.json: /results/0/evidence/n: number -1e999999 is out of range`, `r.json: /results/0/location/start_line: number 1e1000000 is out of range`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadJSONNamed(strings.NewReader(head+tt.results+"]}"), "r.json")
			require.Error(t, err)
			var invalid *docschema.Error
			require.True(t, errors.As(err, &invalid), err.Error())
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	_, err := ReadJSONNamed(strings.NewReader(`{"schema": "vigil.report/v1", "tool": "vigil", "sources": [], "rules": [], "results": []}`), "r.json")
	assert.EqualError(t, err, `r.json: /: missing property 'complete'`, "completeness is what diff and baselines judge by")
	_, err = ReadJSONNamed(bytes.NewReader([]byte(head+ok+"]}")), "r.json")
	assert.NoError(t, err)

	// complete: true beside a source that lists errors: diff would settle what was not read.
	_, err = ReadJSONNamed(strings.NewReader(`{"schema": "vigil.report/v1", "tool": "vigil", "complete": true, "sources": [`+
		`{"kind": "terraform", "path": "x", "errors": [{"code": "parse", "message": "bad", "file": "x/main.tf"}]}], "rules": [], "results": []}`), "r.json")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `r.json: /sources/0/errors: 1 error(s) listed, but the report says it is complete`)
}

// TestReadJSONRejectsDuplicateKeys: decoders keep the last of two equal keys, so a second "errors" or
// "complete" made an incomplete report complete without a word.
func TestReadJSONRejectsDuplicateKeys(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"errors emptied", `{"schema": "vigil.report/v1", "tool": "vigil", "complete": false, "sources": [` +
			`{"kind": "terraform", "path": "x", "errors": [{"code": "parse", "message": "bad"}], "errors": []}], "rules": [], "results": []}`,
			`r.json: /sources/0/errors: duplicate key "errors" at line 1, column 163 (the first is at line 1, column 114)`},
		{"complete flipped", "{\"schema\": \"vigil.report/v1\", \"tool\": \"vigil\", \"complete\": false, \"sources\": [], \"rules\": [], \"results\": [],\n\"complete\": true}",
			`r.json: /complete: duplicate key "complete" at line 2, column 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadJSONNamed(strings.NewReader(tt.doc), "r.json")
			var invalid *docschema.Error
			require.True(t, errors.As(err, &invalid), "%v", err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func FuzzReadJSONNamed(f *testing.F) {
	f.Add([]byte(`{"schema": "vigil.report/v1", "tool": "vigil", "complete": true, "sources": [], "rules": [], "results": []}`))
	f.Add([]byte(`{"schema": "vigil.report/v1", "tool": "vigil", "complete": false, "sources": [{"kind": "aws", "path": "x"}], "rules": [{"id": "S3.1", "severity": "low"}], "results": [{"rule_id": "S3.1", "severity": "low", "status": "fail", "resource_id": "a", "fingerprint": "0123456789abcdef0123456789abcdef"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ReadJSONNamed(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			return
		}
		seen := map[[2]string]bool{}
		for _, r := range rep.Results {
			key := [2]string{r.RuleID, r.ResourceID}
			if r.RuleID == "" || r.ResourceID == "" || seen[key] {
				t.Fatalf("an invalid report was accepted: %+v", r)
			}
			seen[key] = true
		}
	})
}

// A saved report that is not JSON says where, as a saved inventory does.
func TestReadJSONSyntaxErrorHasLine(t *testing.T) {
	_, err := ReadJSONNamed(strings.NewReader("{\"schema\": \"vigil.report/v1\",\n \"x\": [1,2,,]}\n"), "old.json")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decode json report: line 2, column 12: invalid character ','")
}
