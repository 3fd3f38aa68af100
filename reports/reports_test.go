package reports

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current output")

// render renders r in a format and fails the test on any error.
func render(t *testing.T, format string, opts Options, r *engine.Report) []byte {
	t.Helper()
	rd, err := New(format, opts)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, rd.Render(context.Background(), &buf, r))
	return buf.Bytes()
}

// checkGolden compares got with testdata/<name>.golden, or rewrites the file under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./reports -update")
	assert.Equal(t, string(want), string(got), "output differs from %s; run go test ./reports -update and review the diff", path)
}

// goldenCases are every format and option set that has a golden file.
var goldenCases = []struct {
	name   string
	format string
	opts   Options
}{
	{name: "table", format: "table"},
	{name: "table_verbose", format: "table", opts: Options{Verbose: true}},
	{name: "table_color", format: "table", opts: Options{Color: true}},
	{name: "json", format: "json"},
	{name: "sarif", format: "sarif"},
	{name: "junit", format: "junit"},
	{name: "markdown", format: "markdown"},
	{name: "github", format: "github"},
	{name: "oscal", format: "oscal"},
	{name: "csv", format: "csv"},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			checkGolden(t, tc.name, render(t, tc.format, tc.opts, fixtureReport()))
		})
	}
}

// TestDeterministic renders twice, and once more with rules and results in another order: the bytes must
// not change, whatever order the engine's parallel evaluation produced.
func TestDeterministic(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			first := render(t, tc.format, tc.opts, fixtureReport())
			second := render(t, tc.format, tc.opts, fixtureReport())
			assert.Equal(t, string(first), string(second))

			reordered := fixtureReport()
			slices.Reverse(reordered.Rules)
			slices.Reverse(reordered.Results)
			assert.Equal(t, string(first), string(render(t, tc.format, tc.opts, reordered)))
		})
	}
}

func TestRenderLeavesReportUnchanged(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			r := fixtureReport()
			render(t, tc.format, tc.opts, r)
			assert.Equal(t, fixtureReport(), r)
		})
	}
}

func TestRenderEmptyReport(t *testing.T) {
	for _, name := range Formats() {
		t.Run(name, func(t *testing.T) {
			out := render(t, name, Options{Verbose: true}, &engine.Report{Tool: "vigil", Complete: true})
			assert.NotEmpty(t, out)
		})
	}
}

func TestRenderErrors(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, name := range Formats() {
		t.Run(name, func(t *testing.T) {
			rd, err := New(name, Options{})
			require.NoError(t, err)

			var buf bytes.Buffer
			err = rd.Render(canceled, &buf, fixtureReport())
			require.ErrorIs(t, err, context.Canceled)
			assert.Zero(t, buf.Len(), "nothing is written after cancellation")

			require.Error(t, rd.Render(context.Background(), &buf, nil))

			err = rd.Render(context.Background(), failingWriter{}, fixtureReport())
			require.ErrorIs(t, err, errWrite)
		})
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		want Renderer
	}{
		{name: "", want: tableRenderer{}},
		{name: "table", want: tableRenderer{}},
		{name: " TABLE ", want: tableRenderer{}},
		{name: "json", want: jsonRenderer{}},
		{name: "sarif", want: sarifRenderer{}},
		{name: "Sarif", want: sarifRenderer{}},
		{name: "junit", want: junitRenderer{}},
		{name: "markdown", want: markdownRenderer{}},
		{name: "GitHub", want: githubRenderer{}},
		{name: "oscal", want: oscalRenderer{}},
		{name: "CSV", want: csvRenderer{}},
		{name: "html", want: htmlRenderer{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := New(tc.name, Options{})
			require.NoError(t, err)
			assert.IsType(t, tc.want, got)
		})
	}

	t.Run("options reach the table", func(t *testing.T) {
		got, err := New("table", Options{Color: true, Verbose: true})
		require.NoError(t, err)
		assert.Equal(t, tableRenderer{opts: Options{Color: true, Verbose: true}}, got)
	})

	t.Run("unknown", func(t *testing.T) {
		got, err := New("xml", Options{})
		require.ErrorIs(t, err, ErrUnknownFormat)
		assert.Nil(t, got)
		assert.EqualError(t, err, `unknown report format "xml" (valid formats: csv, github, html, json, junit, markdown, oscal, sarif, table)`)
	})
}

func TestFormats(t *testing.T) {
	assert.Equal(t, []string{"csv", "github", "html", "json", "junit", "markdown", "oscal", "sarif", "table"}, Formats())
	assert.Contains(t, Formats(), DefaultFormat)
	for _, name := range Formats() {
		assert.NotEmpty(t, Describe(name), name)
	}
	assert.Empty(t, Describe("xml"))
}

func TestCompareIDs(t *testing.T) {
	ids := []string{"S3.10", "IAM.1", "S3.2", "S3.1", "EC2.10", "EC2.9", "S3", "S3.01"}
	slices.SortFunc(ids, compareIDs)
	assert.Equal(t, []string{"EC2.9", "EC2.10", "IAM.1", "S3", "S3.01", "S3.1", "S3.2", "S3.10"}, ids)
}

// TestFilterRewritesResultsAsTheyAreWritten: a format that filters writes what it would write of the
// results rewritten beforehand, each worker with a filter of its own; the others refuse a filter.
func TestFilterRewritesResultsAsTheyAreWritten(t *testing.T) {
	rep := fixtureReport()
	rewrite := func(res *engine.Result) *engine.Result {
		cp := *res
		cp.Message = "rewritten: " + res.Message
		return &cp
	}
	var workers atomic.Int32
	filter := func() func(*engine.Result) (*engine.Result, error) {
		workers.Add(1)
		return func(res *engine.Result) (*engine.Result, error) { return rewrite(res), nil }
	}
	for _, format := range Formats() {
		if !Filters(format) {
			_, err := New(format, Options{Filter: filter})
			assert.Error(t, err, format)
			continue
		}
		r, err := New(format, Options{Filter: filter})
		require.NoError(t, err)
		var got bytes.Buffer
		require.NoError(t, r.Render(context.Background(), &got, rep))

		want := *rep
		want.Results = nil
		for i := range rep.Results {
			want.Results = append(want.Results, *rewrite(&rep.Results[i]))
		}
		plain, err := New(format, Options{})
		require.NoError(t, err)
		var wantOut bytes.Buffer
		require.NoError(t, plain.Render(context.Background(), &wantOut, &want))
		assert.Equal(t, wantOut.String(), got.String(), format)
		assert.Contains(t, got.String(), "rewritten: ")
	}
	assert.Positive(t, workers.Load())
	assert.True(t, Filters(" JSON "))
	assert.False(t, Filters("sarif"))

	failing := func() func(*engine.Result) (*engine.Result, error) {
		return func(*engine.Result) (*engine.Result, error) { return nil, errors.New("no") }
	}
	r, err := New("json", Options{Filter: failing})
	require.NoError(t, err)
	assert.ErrorContains(t, r.Render(context.Background(), io.Discard, rep), "no")
}
