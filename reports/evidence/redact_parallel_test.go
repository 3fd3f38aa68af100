package evidence

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

// TestRedactReportAcrossChunks: in a report of many chunks of results, secrets far into the list (the
// last chunk, and one a few chunks earlier) are redacted as redacting the whole document redacts them,
// on any number of workers; the result list is copied once, every other result keeps its own maps, and
// the original is not changed.
func TestRedactReportAcrossChunks(t *testing.T) {
	n := 5*redactChunk + 17
	planted := []int{n - 3, 2*redactChunk + 1}
	build := func() *engine.Report {
		rep := redactBenchReport(n)
		rep.Results[planted[0]].Message = "key AKIAPLANTEDKEY12345X in use"
		rep.Results[planted[1]].Evidence = map[string]any{"password": "hunter2-planted"}
		return rep
	}
	want := map[int]string{} // each planted result as redacting a whole document of it redacts it
	for _, i := range planted {
		want[i] = reportJSON(t, wholeReportRedaction(t, &engine.Report{Results: build().Results[i : i+1]}))
	}
	for _, procs := range []int{1, 2, 5} {
		t.Run(fmt.Sprintf("procs %d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			rep, pristine := build(), build()
			got, err := RedactReport(rep)
			require.NoError(t, err)
			require.NotSame(t, rep, got)
			require.Len(t, got.Results, n)
			assert.NotContains(t, got.Results[planted[0]].Message, "AKIAPLANTEDKEY12345X")
			assert.Equal(t, Redacted, got.Results[planted[1]].Evidence["password"])
			for _, i := range planted {
				assert.Equal(t, want[i], reportJSON(t, &engine.Report{Results: got.Results[i : i+1]}), "result %d", i)
			}
			for i := range got.Results {
				if i == planted[0] || i == planted[1] {
					continue
				}
				// Unchanged results are copied as values: their maps are the original's.
				if !reflect.DeepEqual(rep.Results[i], got.Results[i]) ||
					reflect.ValueOf(rep.Results[i].Evidence).Pointer() != reflect.ValueOf(got.Results[i].Evidence).Pointer() {
					t.Fatalf("result %d changed", i)
				}
			}
			if !reflect.DeepEqual(pristine.Results, rep.Results) {
				t.Fatal("the original report was changed")
			}
		})
	}
}

// TestRedactReportCleanAcrossChunks: a report of many chunks with nothing to redact is returned as it is.
func TestRedactReportCleanAcrossChunks(t *testing.T) {
	rep := redactBenchReport(5*redactChunk + 17)
	got, err := RedactReport(rep)
	require.NoError(t, err)
	assert.Same(t, rep, got)
}

// TestRedactReportFirstErrorInOrder: of two results that cannot be encoded, in different chunks, the
// error names the first in the report's order, whichever worker met its result first.
func TestRedactReportFirstErrorInOrder(t *testing.T) {
	rep := redactBenchReport(6 * redactChunk)
	for _, i := range []int{5*redactChunk + 2, 3*redactChunk + 9} {
		rep.Results[i].Evidence = map[string]any{"bad": make(chan int)}
	}
	first := rep.Results[3*redactChunk+9]
	for range 5 {
		_, err := RedactReport(rep)
		require.Error(t, err)
		assert.Contains(t, err.Error(), fmt.Sprintf("redact report: result %s on %s: ", first.RuleID, first.ResourceID))
	}
}
