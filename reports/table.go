package reports

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// tableWidth is the column at which messages wrap: comfortable in a 100-120 column terminal.
const tableWidth = 100

// ANSI SGR codes used by the table.
const (
	sgrBold    = "1"
	sgrDim     = "2"
	sgrRed     = "31"
	sgrGreen   = "32"
	sgrYellow  = "33"
	sgrBlue    = "34"
	sgrMagenta = "35"
	sgrCyan    = "36"
)

// Layout of a finding: "  STATUS   resource  location", details indented under the resource.
const (
	findingIndent = "  "
	statusWidth   = len("UNKNOWN")
	detailIndent  = "           " // findingIndent + statusWidth + 2 spaces
)

// tableRenderer writes findings for a person at a terminal, grouped like a linter's output: what needs
// action first (failures, then results that could not be assessed), by severity, those new against a
// baseline marked NEW; then waivers that expired, waived results with their waiver, passes when verbose,
// sources that could not be read, and a summary per framework.
type tableRenderer struct {
	opts Options
}

func newTable(opts Options) Renderer { return tableRenderer{opts: opts} }

// Render writes the table. Output is buffered and flushed once; the first write error is returned.
func (t tableRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	r = printableCopy(r) // names and messages come from the scanned code: escape them once, every field
	bw := bufio.NewWriter(w)
	p := &printer{w: bw, color: t.opts.Color}
	results := sortedResults(r.Results)
	frameworks := frameworkOrder(r)

	t.header(p, r)
	t.findings(p, results, frameworks)
	t.expiredWaivers(p, r)
	t.waived(p, results)
	if t.opts.Verbose {
		t.passes(p, results)
		t.notApplicable(p, results)
	}
	t.incompleteSources(p, r)
	t.sourceWarnings(p, r)
	t.gaps(p, r)
	t.summary(p, r)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write table report: %w", err)
	}
	return nil
}

func (t tableRenderer) header(p *printer, r *engine.Report) {
	tool := cmp.Or(r.Tool, "vigil")
	if r.Version != "" {
		tool += " " + r.Version
	}
	parts := []string{p.paint(tool, sgrBold)}
	if r.GeneratedAt != nil {
		parts = append(parts, r.GeneratedAt.UTC().Format(time.RFC3339))
	}
	parts = append(parts,
		plural(len(r.Sources), "source", "sources"),
		plural(r.Summary.Resources, "resource", "resources"),
		plural(len(r.Rules), "rule", "rules"),
		plural(len(r.Results), "result", "results"),
	)
	p.line(strings.Join(parts, " · "))
}

// findings lists fail and unknown results by severity, most severe first; in a severity, failures first.
func (t tableRenderer) findings(p *printer, results []engine.Result, frameworks []string) {
	groups := map[engine.Severity][]engine.Result{}
	for _, res := range results {
		if res.Status == engine.StatusFail || res.Status == engine.StatusUnknown {
			groups[res.Severity] = append(groups[res.Severity], res)
		}
	}
	if len(groups) == 0 {
		p.blank()
		p.line(p.paint("No failing or unknown results.", sgrGreen, sgrBold))
		return
	}
	for _, sev := range severityOrder(groups) {
		group := groups[sev]
		slices.SortStableFunc(group, func(a, b engine.Result) int {
			return cmp.Or(cmp.Compare(statusRank(a.Status), statusRank(b.Status)), compareResults(&a, &b))
		})
		var fails, unknowns int
		for _, res := range group {
			if res.Status == engine.StatusFail {
				fails++
			} else {
				unknowns++
			}
		}
		added, _ := baselineCounts(group)
		counts := []string{}
		if fails > 0 {
			counts = append(counts, fmt.Sprintf("%d fail", fails))
		}
		if unknowns > 0 {
			counts = append(counts, fmt.Sprintf("%d unknown", unknowns))
		}
		if added > 0 {
			counts = append(counts, fmt.Sprintf("%d new", added))
		}
		p.blank()
		p.line(p.paint(strings.ToUpper(severityName(sev)), sgrBold, severityColor(sev)) + "  " + strings.Join(counts, " · "))
		for _, res := range group {
			p.blank()
			t.finding(p, res, frameworks)
		}
	}
}

// finding writes one result: status, resource, location and NEW when the finding is not in the baseline,
// then rule, message, missing data and controls.
func (t tableRenderer) finding(p *printer, res engine.Result, frameworks []string) {
	status := strings.ToUpper(string(res.Status))
	head := findingIndent + p.paint(status, sgrBold, statusColor(res.Status)) + pad(status, statusWidth) + "  " +
		p.paint(res.ResourceID, sgrBold)
	if loc := res.Where().Short(); loc != "" {
		head += "  " + p.paint(loc, sgrCyan)
	}
	if res.Baseline == engine.BaselineNew {
		head += "  " + p.paint("NEW", sgrBold, sgrYellow)
	}
	p.line(head)
	title := p.paint(res.RuleID, sgrBold)
	if res.RuleTitle != "" {
		title += "  " + res.RuleTitle
	}
	p.line(detailIndent + title)
	for _, l := range wrap(res.Message, tableWidth-len(detailIndent)) {
		p.line(detailIndent + l)
	}
	if len(res.Missing) > 0 {
		p.line(detailIndent + p.paint("missing: ", sgrYellow) + strings.Join(res.Missing, ", "))
	}
	if c := controlsText(res.Controls, frameworks); c != "" {
		for _, l := range packControls(c, tableWidth-len(detailIndent)) {
			p.line(detailIndent + p.paint(l, sgrDim))
		}
	}
}

// packControls breaks a controls line between frameworks, never inside one's list, so that each line fits
// width where it can; a single framework longer than width keeps its own line.
func packControls(text string, width int) []string {
	var lines []string
	cur := ""
	for _, part := range strings.Split(text, controlsSep) {
		switch {
		case cur == "":
			cur = part
		case utf8.RuneCountInString(cur)+utf8.RuneCountInString(controlsSep)+utf8.RuneCountInString(part) <= width:
			cur += controlsSep + part
		default:
			lines = append(lines, cur)
			cur = part
		}
	}
	return append(lines, cur)
}

// expiredWaivers lists the waivers whose last day has passed. They no longer apply, so what they used to
// accept is back among the findings above; the list says which waivers to renew or remove.
func (t tableRenderer) expiredWaivers(p *printer, r *engine.Report) {
	expired := waiversIn(r, engine.WaiverExpired)
	if len(expired) == 0 {
		return
	}
	p.blank()
	p.line(p.paint("EXPIRED WAIVERS (no longer applied)", sgrBold, sgrYellow) + fmt.Sprintf("  %d", len(expired)))
	for _, ws := range expired {
		p.blank()
		head := findingIndent + p.paint(ws.ID, sgrBold) + "  expired " + waiverExpiry(&ws.Waiver)
		if ws.Matched > 0 {
			head += "  " + p.paint(plural(ws.Matched, "result", "results")+" no longer waived", sgrYellow)
		}
		p.line(head)
		t.waiverDetails(p, findingIndent+"  ", &ws.Waiver)
	}
}

// waiverDetails writes what a waiver covers, who answers for it and why it was granted.
func (t tableRenderer) waiverDetails(p *printer, indent string, w *engine.Waiver) {
	width := tableWidth - len(indent)
	for _, l := range wrap(waiverScope(w), width) {
		p.line(indent + l)
	}
	if acc := waiverAccountability(w); len(acc) > 0 {
		for _, l := range wrap(strings.Join(acc, " · "), width) {
			p.line(indent + p.paint(l, sgrDim))
		}
	}
	for _, l := range wrap("reason: "+w.Reason, width) {
		p.line(indent + l)
	}
}

// waived lists waived results with the waiver that accepted each: they need no action but must stay
// visible to an auditor, with what they were before the waiver and until when it holds.
func (t tableRenderer) waived(p *printer, results []engine.Result) {
	waived := withStatus(results, engine.StatusWaived)
	if len(waived) == 0 {
		return
	}
	p.blank()
	p.line(p.paint("WAIVED", sgrBold, sgrCyan) + fmt.Sprintf("  %d", len(waived)))
	p.blank()
	idWidth := ruleIDWidth(waived)
	sevWidth := len(engine.SeverityCritical)
	for i, res := range waived {
		if i > 0 && res.Waiver != nil {
			p.blank() // entries with a waiver take several lines
		}
		sev := severityName(res.Severity)
		line := findingIndent + p.paint(sev, severityColor(res.Severity)) + pad(sev, sevWidth) + "  " +
			res.RuleID + pad(res.RuleID, idWidth) + "  " + res.ResourceID
		if loc := res.Where().Short(); loc != "" {
			line += "  " + p.paint(loc, sgrCyan)
		}
		p.line(line)
		indent := findingIndent + strings.Repeat(" ", sevWidth+2+idWidth+2)
		width := tableWidth - len(indent)
		w := res.Waiver
		if w == nil {
			for _, l := range wrap(res.Message, width) {
				p.line(indent + p.paint(l, sgrDim))
			}
			continue
		}
		msg := res.Message
		if res.OriginalStatus != "" {
			msg = "was " + string(res.OriginalStatus) + ": " + msg
		}
		for _, l := range wrap(msg, width) {
			p.line(indent + p.paint(l, sgrDim))
		}
		for _, l := range wrap(strings.Join(append([]string{waiverValidity(w)}, waiverAccountability(w)...), " · "), width) {
			p.line(indent + p.paint(l, sgrCyan))
		}
		for _, l := range wrap("reason: "+w.Reason, width) {
			p.line(indent + l)
		}
	}
}

// notApplicable lists the results a rule left aside on purpose, with its reason (verbose only): they are
// neither passes nor findings.
func (t tableRenderer) notApplicable(p *printer, results []engine.Result) {
	na := withStatus(results, engine.StatusNotApplicable)
	if len(na) == 0 {
		return
	}
	p.blank()
	p.line(p.paint("NOT APPLICABLE", sgrBold) + fmt.Sprintf("  %d", len(na)))
	p.blank()
	idWidth := ruleIDWidth(na)
	indent := findingIndent + strings.Repeat(" ", idWidth+2)
	for _, res := range na {
		line := findingIndent + res.RuleID + pad(res.RuleID, idWidth) + "  " + res.ResourceID
		if loc := res.Where().Short(); loc != "" {
			line += "  " + p.paint(loc, sgrCyan)
		}
		p.line(line)
		for _, l := range wrap(res.Message, tableWidth-len(indent)) {
			p.line(indent + p.paint(l, sgrDim))
		}
	}
}

// passes lists passing results, one line each (verbose only).
func (t tableRenderer) passes(p *printer, results []engine.Result) {
	passed := withStatus(results, engine.StatusPass)
	p.blank()
	p.line(p.paint("PASSED", sgrBold, sgrGreen) + fmt.Sprintf("  %d", len(passed)))
	if len(passed) == 0 {
		return
	}
	p.blank()
	idWidth := ruleIDWidth(passed)
	for _, res := range passed {
		line := findingIndent + res.RuleID + pad(res.RuleID, idWidth) + "  " + res.ResourceID
		if loc := res.Where().Short(); loc != "" {
			line += "  " + p.paint(loc, sgrCyan)
		}
		p.line(line)
	}
}

// incompleteSources lists every error met while reading the sources. Results built from an incomplete source may
// be missing findings, so the section is loud in both plain and colored output.
func (t tableRenderer) incompleteSources(p *printer, r *engine.Report) {
	if !incomplete(r) {
		return
	}
	var broken []inventory.Source
	for _, s := range r.Sources {
		if !s.Complete() {
			broken = append(broken, s)
		}
	}
	p.blank()
	banner := "!! INCOMPLETE SOURCES: findings may be missing"
	if len(broken) > 0 {
		banner = fmt.Sprintf("!! INCOMPLETE SOURCES: %d of %d could not be read completely; findings may be missing",
			len(broken), len(r.Sources))
	}
	p.line(p.paint(banner, sgrBold, sgrRed))
	if len(broken) == 0 {
		p.line(findingIndent + "The engine marked this report incomplete without naming a source.")
		return
	}
	for _, s := range broken {
		p.blank()
		p.line(findingIndent + p.paint(sourceName(s), sgrBold) + ": " + plural(s.ErrorCount(), "error", "errors"))
		for _, issue := range s.Errors {
			lines := wrap(issue.String(), tableWidth-len(detailIndent))
			for i, l := range lines {
				if i == 0 {
					p.line(findingIndent + "  " + p.paint("✗ ", sgrRed) + l)
				} else {
					p.line(findingIndent + "    " + l)
				}
			}
		}
	}
}

// sourceWarnings lists the warnings met while reading the sources: what they concern is unknown.
func (t tableRenderer) sourceWarnings(p *printer, r *engine.Report) {
	var n int
	for _, s := range r.Sources {
		n += s.WarningCount()
	}
	if n == 0 {
		return
	}
	p.blank()
	p.line(p.paint("WARNINGS: "+plural(n, "input was not read", "inputs were not read")+"; what depends on them is unknown", sgrBold))
	for _, s := range r.Sources {
		for _, issue := range s.Warnings {
			for i, l := range wrap(issue.String(), tableWidth-len(detailIndent)) {
				if i == 0 {
					p.line(findingIndent + "  ! " + l)
				} else {
					p.line(findingIndent + "    " + l)
				}
			}
		}
	}
}

// summary writes results by status, failures by severity, and each framework's controls by state.
func (t tableRenderer) summary(p *printer, r *engine.Report) {
	s := r.Summary
	p.blank()
	p.line(p.paint("SUMMARY", sgrBold))
	p.blank()

	var counts []string
	for _, st := range engine.Statuses {
		n := s.ByStatus[st]
		counts = append(counts, p.paintIf(n > 0, fmt.Sprintf("%d %s", n, statusLabel(st)), statusColor(st)))
	}
	p.line(findingIndent + "Results   " + strings.Join(counts, " · "))

	var sevs []string
	for _, sev := range engine.Severities {
		n := s.FailedBySeverity[sev]
		sevs = append(sevs, p.paintIf(n > 0, fmt.Sprintf("%d %s", n, sev), severityColor(sev)))
	}
	p.line(findingIndent + "Failing   " + strings.Join(sevs, " · "))

	if added, unchanged := baselineCounts(r.Results); added+unchanged > 0 {
		p.line(findingIndent + "Baseline  " + p.paintIf(added > 0, fmt.Sprintf("%d new", added), sgrYellow) +
			" · " + fmt.Sprintf("%d unchanged", unchanged))
	}
	if len(r.Waivers) > 0 {
		active := len(waiversIn(r, engine.WaiverActive))
		expired := len(waiversIn(r, engine.WaiverExpired))
		unused := waiversIn(r, engine.WaiverUnused)
		p.line(findingIndent + "Waivers   " + fmt.Sprintf("%d active", active) + " · " +
			p.paintIf(expired > 0, fmt.Sprintf("%d expired", expired), sgrYellow) + " · " +
			fmt.Sprintf("%d unused", len(unused)))
		for _, ws := range unused {
			p.line(findingIndent + "          " + p.paint("unused: "+ws.ID+" ("+ws.Source+"), matches nothing: remove it?", sgrDim))
		}
	}

	if len(s.Frameworks) > 0 {
		t.frameworkTable(p, s.Frameworks)
	}

	if incomplete(r) {
		p.blank()
		p.line(p.paint("!! Incomplete scan: see INCOMPLETE SOURCES above. Missing evidence is never a pass.",
			sgrBold, sgrRed))
	}
}

// frameworkTable writes one row per framework with aligned columns: its controls by state out of the
// catalog's total, then the result-level rate, labelled as such.
func (t tableRenderer) frameworkTable(p *printer, fws []engine.FrameworkSummary) {
	head := []string{"Framework", "Controls", "Automated", "Partly", "Passing", "Failing", "Unknown", "Waived", "Not assessed",
		"Manual", "Results passing"}
	rows := [][]string{head}
	for _, f := range fws {
		// The short label, as the findings above name frameworks: the coverage columns need the width.
		rows = append(rows, append([]string{frameworkLabel(f.Framework)}, figureCells(f.ControlFigures)...))
		for _, ps := range f.Profiles {
			rows = append(rows, append([]string{"  " + ps.Profile}, figureCells(ps.ControlFigures)...))
		}
	}
	widths := make([]int, len(head))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	p.blank()
	for n, row := range rows {
		var b strings.Builder
		b.WriteString(findingIndent)
		for i, cell := range row {
			if i == 0 {
				b.WriteString(cell + pad(cell, widths[i]))
				continue
			}
			b.WriteString("  " + pad(cell, widths[i]) + cell) // numbers align right
		}
		if n == 0 {
			p.line(p.paint(b.String(), sgrBold))
		} else {
			p.line(b.String())
		}
	}
	p.line(findingIndent + p.paint("Automated: the rules decide the whole control. Partly: they evidence part of it, the rest needs", sgrDim))
	p.line(findingIndent + p.paint("manual evidence. Manual: no rule. Controls that are only waived, or need manual evidence, are never", sgrDim))
	p.line(findingIndent + p.paint("counted as passing.", sgrDim))
	p.line(findingIndent + p.paint("Results passing: the share of the framework's pass, fail and unknown results that pass.", sgrDim))
	if hasProfiles(fws) {
		p.line(findingIndent + p.paint(profileNote, sgrDim))
	}
}

// printer writes lines without trailing spaces, coloring only when asked. Write errors are kept by the
// bufio.Writer underneath and reported by Flush.
type printer struct {
	w     *bufio.Writer
	color bool
}

func (p *printer) line(s string) {
	_, _ = p.w.WriteString(noCommandStart(strings.TrimRight(s, " ")) + "\n")
}

func (p *printer) blank() { _ = p.w.WriteByte('\n') }

// paint wraps s in an ANSI SGR sequence when color is on.
func (p *printer) paint(s string, codes ...string) string {
	if !p.color || s == "" || len(codes) == 0 {
		return s
	}
	return "\x1b[" + strings.Join(codes, ";") + "m" + s + "\x1b[0m"
}

// paintIf colors s when cond holds and dims it otherwise (zero counts recede).
func (p *printer) paintIf(cond bool, s, code string) string {
	if cond {
		return p.paint(s, sgrBold, code)
	}
	return p.paint(s, sgrDim)
}

// pad returns the spaces that fill s up to width runes.
func pad(s string, width int) string {
	return strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// wrap splits text into lines of at most width runes at spaces, keeping the text's own line breaks.
// A word longer than width (an ARN, a path) stays whole on its own line.
func wrap(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(text), "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			continue
		}
		cur := words[0]
		for _, w := range words[1:] {
			if utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > width {
				out = append(out, cur)
				cur = w
				continue
			}
			cur += " " + w
		}
		out = append(out, cur)
	}
	return out
}

// controlsText renders "ISO 27001: 8.13 · 800-53: CP-9 · CSF 2.0: PR.DS-11" in framework order.
func controlsText(controls map[string][]string, frameworks []string) string {
	var parts []string
	for _, fw := range frameworks {
		if ids := controls[fw]; len(ids) > 0 {
			parts = append(parts, frameworkLabel(fw)+": "+strings.Join(ids, ", "))
		}
	}
	return strings.Join(parts, controlsSep)
}

// controlsSep separates the frameworks of a controls line.
const controlsSep = " · "

// ruleIDWidth is the widest rule id, to align a column of them.
func ruleIDWidth(results []engine.Result) int {
	w := 0
	for _, res := range results {
		w = max(w, utf8.RuneCountInString(res.RuleID))
	}
	return w
}

// severityOrder returns the severities present, most severe first; unrecognised ones last, by name.
func severityOrder(groups map[engine.Severity][]engine.Result) []engine.Severity {
	out := make([]engine.Severity, 0, len(groups))
	for sev := range groups {
		out = append(out, sev)
	}
	slices.SortFunc(out, func(a, b engine.Severity) int {
		return cmp.Or(cmp.Compare(b.Rank(), a.Rank()), strings.Compare(string(a), string(b)))
	})
	return out
}

// severityName shows a missing severity as "unrated" rather than an empty heading.
func severityName(s engine.Severity) string {
	return cmp.Or(string(s), "unrated")
}

func severityColor(s engine.Severity) string {
	switch s {
	case engine.SeverityCritical:
		return sgrMagenta
	case engine.SeverityHigh:
		return sgrRed
	case engine.SeverityMedium:
		return sgrYellow
	case engine.SeverityLow:
		return sgrBlue
	default:
		return sgrDim
	}
}

func statusColor(s engine.Status) string {
	switch s {
	case engine.StatusFail:
		return sgrRed
	case engine.StatusUnknown:
		return sgrYellow
	case engine.StatusWaived:
		return sgrCyan
	case engine.StatusPass:
		return sgrGreen
	default:
		return sgrDim
	}
}
