package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

// wholeJSON is the json format as one encoder writes the normalized report in one piece.
func wholeJSON(t *testing.T, rep *engine.Report) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(jsonDocument{Schema: JSONSchema, Report: normalized(rep)}))
	return buf.String()
}

// wholeSARIF is the sarif format as go-sarif writes the log given every result at once.
func wholeSARIF(t *testing.T, rep *engine.Report) string {
	t.Helper()
	order := resultOrder(rep.Results)
	run := buildRun(rep, order)
	for _, i := range order {
		if res := &rep.Results[i]; res.Status != engine.StatusPass {
			run.AddResult(sarifResult(run.GetRuleIndex(res.RuleID), res))
		}
	}
	log := sarif.NewReport()
	log.Schema = sarifSchemaURI
	log.AddRun(run)
	var buf bytes.Buffer
	require.NoError(t, log.PrettyWrite(&buf))
	buf.WriteByte('\n')
	return buf.String()
}

// serialCSV is the csv format as one csv.Writer writes the header and the rows one after the other.
func serialCSV(t *testing.T, rep *engine.Report) string {
	t.Helper()
	cats, err := embeddedCatalogs()
	require.NoError(t, err)
	frameworks := frameworkOrder(rep)
	coverage := map[string]map[string]engine.Coverage{}
	for _, fw := range frameworks {
		coverage[fw] = map[string]engine.Coverage{}
		if cat, ok := cats[fw]; ok {
			for _, cs := range engine.ControlStatuses(rep, cat) {
				coverage[fw][cs.ID] = cs.Coverage
			}
		}
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	head := append([]string{}, csvFixedHead...)
	for _, fw := range frameworks {
		head = append(head, fw, fw+" coverage")
	}
	require.NoError(t, cw.Write(append(head, csvTailHead...)))
	for _, i := range resultOrder(rep.Results) {
		row, err := csvRow(nil, &rep.Results[i], frameworks, coverage)
		require.NoError(t, err)
		require.NoError(t, cw.Write(row))
	}
	cw.Flush()
	require.NoError(t, cw.Error())
	return buf.String()
}

// chunkedReports are reports of several chunks of results: the synthetic report of the benchmarks
// (results out of canonical order, statuses mixed) with strings the encoders escape, and one whose
// first chunks in canonical order are only passes, so that SARIF's first result comes chunks late.
func chunkedReports() map[string]*engine.Report {
	mixed := syntheticReport(5*resultChunk + 123)
	for i := 0; i < len(mixed.Results); i += 997 {
		mixed.Results[i].Message = fmt.Sprintf("<b>%d</b> & \u2028 \"quoted\"\n  \"results\": []", i)
	}
	passesFirst := syntheticReport(0)
	for i := range 3*resultChunk + 50 {
		status, rule := engine.StatusPass, passesFirst.Rules[0]
		if i >= 5*resultChunk/2 {
			status, rule = engine.StatusFail, passesFirst.Rules[1]
		}
		id := fmt.Sprintf("aws_s3_bucket.p%06d", 1_000_000-i)
		passesFirst.Results = append(passesFirst.Results, engine.Result{RuleID: rule.ID, RuleTitle: rule.Title,
			Severity: rule.Severity, Status: status, ResourceID: id, ResourceType: "aws_s3_bucket",
			Controls: rule.Controls, Fingerprint: engine.Fingerprint(rule.ID, id)})
	}
	return map[string]*engine.Report{"mixed": mixed, "passes first": passesFirst}
}

// TestChunkedRenderingEqualsWhole: a report of several chunks of results renders, on any number of
// workers, to the bytes of the whole-document json encoding, of go-sarif given every result, and of one
// csv.Writer writing the rows in order.
func TestChunkedRenderingEqualsWhole(t *testing.T) {
	for name, rep := range chunkedReports() {
		want := map[string]string{"json": wholeJSON(t, rep), "sarif": wholeSARIF(t, rep), "csv": serialCSV(t, rep)}
		for _, procs := range []int{1, 2, 5} {
			for _, format := range []string{"json", "sarif", "csv"} {
				t.Run(fmt.Sprintf("%s/%s/procs %d", name, format, procs), func(t *testing.T) {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
					r, err := New(format, Options{})
					require.NoError(t, err)
					var got bytes.Buffer
					require.NoError(t, r.Render(context.Background(), &got, rep))
					if got.String() != want[format] { // assert.Equal would print megabytes
						t.Fatalf("%s differs from the whole encoding: %d bytes, want %d", format, got.Len(), len(want[format]))
					}
				})
			}
		}
	}
}

// cancellingWriter cancels its context at the first write and counts the bytes it is given.
type cancellingWriter struct {
	cancel context.CancelFunc
	n      int
}

func (w *cancellingWriter) Write(p []byte) (int, error) {
	w.cancel()
	w.n += len(p)
	return len(p), nil
}

// TestStreamingStopsWhenCancelledMidway: a context cancelled while the results are being written stops
// each streaming format with the context's error, long before the end of the report.
func TestStreamingStopsWhenCancelledMidway(t *testing.T) {
	rep := syntheticReport(12 * resultChunk)
	for _, format := range []string{"json", "sarif", "csv"} {
		t.Run(format, func(t *testing.T) {
			r, err := New(format, Options{})
			require.NoError(t, err)
			var whole countingWriter
			require.NoError(t, r.Render(context.Background(), &whole, rep))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w := &cancellingWriter{cancel: cancel}
			assert.ErrorIs(t, r.Render(ctx, w, rep), context.Canceled)
			assert.Less(t, int64(w.n), whole.n/4, "wrote %d of %d bytes", w.n, whole.n)
		})
	}
}

// TestChunkedRenderingWriteError: a failing writer stops a report of several chunks with its error.
func TestChunkedRenderingWriteError(t *testing.T) {
	rep := syntheticReport(3 * resultChunk)
	for _, format := range []string{"json", "sarif", "csv"} {
		r, err := New(format, Options{})
		require.NoError(t, err)
		assert.ErrorIs(t, r.Render(context.Background(), failingWriter{}, rep), errWrite, format)
	}
}

// TestChunkedRenderingNamesTheResult: a result that cannot be encoded stops the render with an error
// naming it, the first such result in canonical order whichever worker met it first.
func TestChunkedRenderingNamesTheResult(t *testing.T) {
	rep := syntheticReport(4 * resultChunk)
	order := resultOrder(rep.Results)
	for _, at := range []int{3*resultChunk + 7, resultChunk + 3} {
		res := &rep.Results[order[at]]
		res.Status = engine.StatusFail // so that sarif encodes it
		res.Evidence = map[string]any{"bad": make(chan int)}
	}
	first := &rep.Results[order[resultChunk+3]]
	for _, format := range []string{"json", "sarif", "csv"} {
		r, err := New(format, Options{})
		require.NoError(t, err)
		err = r.Render(context.Background(), &countingWriter{}, rep)
		require.Error(t, err, format)
		assert.Contains(t, err.Error(), fmt.Sprintf(" %s on %s: json: ", first.RuleID, first.ResourceID), format)
		assert.Contains(t, err.Error(), "unsupported type: chan int", format)
	}
}

// TestResultOrderOnEveryCore: sorted in parts on several cores, results come out in the order one sort
// gives, ties (equal results) in the engine's order.
func TestResultOrderOnEveryCore(t *testing.T) {
	rep := syntheticReport(70_000)
	for i := 0; i+1 < len(rep.Results); i += 3 {
		rep.Results[i+1] = rep.Results[i] // equal results, told apart by their index only
	}
	order := func(procs int) []int32 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		return resultOrder(rep.Results)
	}
	want := order(1)
	for n := 1; n < len(want); n++ {
		a, b := want[n-1], want[n]
		require.True(t, compareResults(&rep.Results[a], &rep.Results[b]) < 0 ||
			compareResults(&rep.Results[a], &rep.Results[b]) == 0 && a < b, "position %d", n)
	}
	for _, procs := range []int{2, 3, 8} {
		assert.Equal(t, want, order(procs), "procs %d", procs)
	}
}
