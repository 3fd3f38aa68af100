// Package reports renders an engine.Report for people and for machines: a terminal table, the report as
// JSON (schema vigil.report/v1), SARIF 2.1.0 for code-scanning tools, JUnit XML for CI test tabs, markdown
// for pull-request comments, GitHub Actions workflow commands for inline annotations and a self-contained
// HTML page for people who read posture rather than findings (html.go). Each format is one
// file behind the Renderer interface and is chosen by name through New; Formats lists the names for --help.
//
// The engine owns the findings and their order of evaluation; this package only presents them. Every
// renderer is deterministic: the same report always gives the same bytes, whatever order the engine
// produced its results in, so outputs can be diffed, cached and tested against golden files.
package reports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/engine"
)

// Renderer writes a report in one format.
type Renderer interface {
	// Render writes r to w. It does not modify r.
	Render(ctx context.Context, w io.Writer, r *engine.Report) error
}

// Options tune the renderers. A format ignores the options that do not apply to it.
type Options struct {
	// Color enables ANSI colors (table). The caller decides, e.g. from isatty and NO_COLOR.
	Color bool
	// Verbose also lists passing results (table). Audit formats always carry every result.
	Verbose bool
	// Previous is an earlier report of the same estate (html): the summary shows the changes since.
	Previous *engine.Report
	// Filter, when set, rewrites each result as it is written (the redaction of a scan's report, done
	// by the workers that encode the results rather than in a pass of its own before). It is called once
	// per worker, and the function it returns is that worker's alone: the result itself, or a rewritten
	// copy. Only the formats Filters names take it; New refuses it for the others.
	Filter func() func(*engine.Result) (*engine.Result, error)
}

// Filters reports whether format (a name New takes) applies Options.Filter.
func Filters(format string) bool {
	return registry[strings.ToLower(strings.TrimSpace(format))].filters
}

// DefaultFormat is the format used when none is named.
const DefaultFormat = "table"

// ErrUnknownFormat is returned by New for a format name it does not know.
var ErrUnknownFormat = errors.New("unknown report format")

// format describes one registered output format.
type format struct {
	// summary is a one-line description for --help.
	summary string
	new     func(Options) Renderer
	// filters says the format applies Options.Filter.
	filters bool
}

// registry holds every format by name. Adding a format is one file with its renderer plus one line here;
// a map literal (rather than init-time registration) keeps the whole list visible in one place.
var registry = map[string]format{
	"table": {summary: "human-readable findings and summary for a terminal (default)", new: newTable},
	"json":  {summary: "the full report as JSON, schema vigil.report/v1", new: newJSON, filters: true},
	"sarif": {summary: "SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, IDEs)", new: newSARIF},
	"junit": {summary: "JUnit XML for CI test tabs: a suite per rule, a testcase per resource", new: newJUnit},
	"markdown": {summary: "a pull-request comment or job summary: verdict, summary, top findings (GitHub markdown)",
		new: newMarkdown},
	"github": {summary: "GitHub Actions workflow commands: an annotation per failing or unknown result", new: newGitHub},
	"oscal":  {summary: "NIST OSCAL 1.0.6 assessment results: observations per result, findings per control", new: newOSCAL},
	"csv":    {summary: "one row per result, RFC 4180, for spreadsheets (formula injection neutralised)", new: newCSV},
	"html":   {summary: "one self-contained HTML page: executive summary, controls with drill-down, DR, waivers, scope", new: newHTML},
}

// New returns the renderer for a format name (case-insensitive; empty means DefaultFormat). An unknown name
// yields an error wrapping ErrUnknownFormat that lists the valid names.
func New(name string, opts Options) (Renderer, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if key == "" {
		key = DefaultFormat
	}
	f, ok := registry[key]
	if !ok {
		return nil, fmt.Errorf("%w %q (valid formats: %s)", ErrUnknownFormat, name, strings.Join(Formats(), ", "))
	}
	if opts.Filter != nil && !f.filters {
		return nil, fmt.Errorf("format %s cannot filter results as it writes them", key)
	}
	return f.new(opts), nil
}

// Formats returns the names of every format, sorted, for --help and shell completion.
func Formats() []string {
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Describe returns the one-line description of a format, or "" for an unknown name.
func Describe(name string) string {
	return registry[strings.ToLower(strings.TrimSpace(name))].summary
}

// begin is the common preamble of every Render: a cancelled context or a nil report is an error.
func begin(ctx context.Context, r *engine.Report) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	if r == nil {
		return errors.New("render report: nil report")
	}
	return nil
}

// resultsPassing is the result-level rate of a framework or profile (passing results among pass, fail
// and unknown), "-" when there is nothing to rate.
func resultsPassing(f engine.ControlFigures) string {
	if f.Pass+f.Fail+f.Unknown == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", f.PassRate*100)
}

// figureCells are the cells every framework or profile row shows, after its label: controls, automated,
// partly automated, passing, failing, unknown, waived, not assessed, manual, results passing.
func figureCells(f engine.ControlFigures) []string {
	return []string{
		strconv.Itoa(f.ControlsTotal), strconv.Itoa(f.ControlsFullyAutomated), strconv.Itoa(f.ControlsPartlyAutomated),
		strconv.Itoa(f.ControlsPassing), strconv.Itoa(f.ControlsFailing), strconv.Itoa(f.ControlsUnknown),
		strconv.Itoa(f.ControlsWaived), strconv.Itoa(f.ControlsNotAssessed), strconv.Itoa(f.ControlsManual),
		resultsPassing(f),
	}
}

// profileNote explains the profile rows written under a framework's row.
const profileNote = "Level rows count the controls the catalog gives that profile; Level 2 adds to Level 1."

func hasProfiles(fws []engine.FrameworkSummary) bool {
	for _, f := range fws {
		if len(f.Profiles) > 0 {
			return true
		}
	}
	return false
}
