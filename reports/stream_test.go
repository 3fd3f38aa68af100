package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

// streamCases are reports whose streamed JSON and SARIF must equal the whole documents: the fixture, no
// results, only passes (SARIF then has no result), a single result, strings that imitate the markers
// the envelope is split at or that the two encoders escape differently, and a result whose rule the
// report does not list.
func streamCases() map[string]*engine.Report {
	only := func(results ...engine.Result) *engine.Report {
		r := fixtureReport()
		r.Results = results
		return r
	}
	base := fixtureReport().Results
	passes := []engine.Result{}
	for _, res := range base {
		if res.Status == engine.StatusPass {
			passes = append(passes, res)
		}
	}
	hostile := base[0]
	hostile.Message = "x\n  \"results\": []\n      \"results\": [] <script>&amp;\u2028 \"}]"
	hostile.Evidence = map[string]any{"results": []any{}, "<b>": "\n  \"results\": []"}
	unlisted := base[1]
	unlisted.RuleID, unlisted.Status = "ZZ.99", engine.StatusFail
	return map[string]*engine.Report{
		"fixture":     fixtureReport(),
		"no results":  only(),
		"nil results": only(nil...),
		"only passes": only(passes...),
		"one result":  only(base[1]),
		"hostile":     only(hostile, base[2]),
		"unlisted":    only(base[0], unlisted, base[1]),
		"empty":       {},
	}
}

// TestStreamedJSONEqualsDocument: the streamed json format is byte for byte the document the encoder
// writes for the normalized report in one piece.
func TestStreamedJSONEqualsDocument(t *testing.T) {
	for name, rep := range streamCases() {
		t.Run(name, func(t *testing.T) {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			require.NoError(t, enc.Encode(jsonDocument{Schema: JSONSchema, Report: normalized(rep)}))
			var got bytes.Buffer
			require.NoError(t, jsonRenderer{}.Render(context.Background(), &got, rep))
			assert.Equal(t, want.String(), got.String())
		})
	}
}

// TestStreamedSARIFEqualsLibrary: the streamed sarif format is byte for byte the log go-sarif writes when
// it is given every result at once.
func TestStreamedSARIFEqualsLibrary(t *testing.T) {
	sch := compileSARIFSchema(t)
	for name, rep := range streamCases() {
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			require.NoError(t, sarifRenderer{}.Render(context.Background(), &got, rep))
			assert.Equal(t, wholeSARIF(t, rep), got.String())
			assert.NoError(t, validateSARIF(t, sch, got.Bytes()))
		})
	}
}

// TestStreamingStopsOnCancel: a cancelled context stops the streaming formats with its error.
func TestStreamingStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, format := range []string{"json", "sarif", "csv"} {
		r, err := New(format, Options{})
		require.NoError(t, err)
		assert.ErrorIs(t, r.Render(ctx, &bytes.Buffer{}, fixtureReport()), context.Canceled, format)
	}
}

// TestResultOrder: indexes come out in canonical order, ties in the engine's order.
func TestResultOrder(t *testing.T) {
	a := engine.Result{RuleID: "S3.10", ResourceID: "x"}
	b := engine.Result{RuleID: "S3.2", ResourceID: "y"}
	c := engine.Result{RuleID: "S3.2", ResourceID: "x"}
	assert.Equal(t, []int32{2, 3, 1, 0, 4}, resultOrder([]engine.Result{a, b, c, c, a}))
	assert.Empty(t, resultOrder(nil))
}
