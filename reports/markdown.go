package reports

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// Limits of the markdown format.
const (
	// markdownLimit bounds the document in bytes. GitHub rejects comments over 65,536 characters; a byte
	// count is never below the character count, and the margin leaves room for what a workflow adds.
	markdownLimit = 60_000
	// markdownTop is how many findings the visible table shows; the rest are collapsed.
	markdownTop = 10
	// markdownCell bounds the characters of a free-text cell (messages, reasons), so one result cannot
	// crowd out the others.
	markdownCell = 300
	// markdownAlertIssues is how many source errors the warning at the top lists.
	markdownAlertIssues = 5
	// markdownMarker is an invisible first line a workflow can search for to update its earlier comment
	// instead of adding one per push.
	markdownMarker = "<!-- vigil-report -->"
)

// markdownRenderer writes GitHub-flavoured markdown for a pull-request comment or a job summary. A reviewer
// reads the top: a one-line verdict, a warning when the scan is incomplete, counts by status and severity,
// pass rates per framework, then the findings that matter most (new ones first when the run was compared
// with a baseline) and waivers that expired. Everything else is in collapsed <details> sections, cut short
// with a note when the document would pass GitHub's size limit.
type markdownRenderer struct{}

func newMarkdown(Options) Renderer { return markdownRenderer{} }

// Render writes the document in one write.
func (markdownRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	if _, err := io.WriteString(w, buildMarkdown(r)); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

// mdSection is a collapsed part of the document: a summary line, an optional table header and rows that
// are dropped from the end when the size limit is reached.
type mdSection struct {
	summary string
	intro   string
	header  string
	rows    []string
}

func buildMarkdown(r *engine.Report) string {
	results := sortedResults(r.Results)
	all := findings(results)
	frameworks := frameworkOrder(r)
	rules := map[string]engine.Rule{}
	for _, rule := range r.Rules {
		rules[rule.ID] = rule
	}

	var head strings.Builder
	head.WriteString(markdownMarker + "\n## vigil compliance scan\n\n")
	head.WriteString(markdownVerdict(r, results) + "\n")
	markdownIncomplete(&head, r)
	markdownGaps(&head, r)
	markdownCounts(&head, results)
	markdownFrameworks(&head, r.Summary.Frameworks)

	var sections []mdSection
	added, unchanged := baselineCounts(results)
	if added+unchanged > 0 {
		var fresh, old []engine.Result
		for _, res := range all {
			if res.Baseline == engine.BaselineUnchanged {
				old = append(old, res)
			} else {
				fresh = append(fresh, res)
			}
		}
		head.WriteString(fmt.Sprintf("\n### New findings (%d)\n\n", len(fresh)))
		if len(fresh) == 0 {
			head.WriteString(fmt.Sprintf("No new findings: %s already in the baseline.\n",
				plural(len(old), "finding is", "findings are")))
		}
		sections = append(sections, markdownTopFindings(&head, fresh, "More new findings", frameworks))
		if len(old) > 0 {
			sections = append(sections, mdSection{
				summary: fmt.Sprintf("Unchanged findings (%d): already in the baseline", len(old)),
				header:  markdownFindingsHeader,
				rows:    markdownFindingRows(old, frameworks),
			})
		}
	} else if len(all) > 0 {
		title := "Top findings"
		if len(all) > markdownTop {
			title = fmt.Sprintf("Top findings (%d of %d)", markdownTop, len(all))
		}
		head.WriteString("\n### " + title + "\n\n")
		sections = append(sections, markdownTopFindings(&head, all, "More findings", frameworks))
	}
	markdownExpired(&head, r)

	sections = append(sections,
		markdownUnknowns(results),
		markdownWaived(results),
		markdownUnused(r),
		markdownSourceErrors(r),
		markdownSourceWarnings(r),
	)
	return fitMarkdown(head.String(), sections, markdownFooter(r))
}

// markdownVerdict is the first line a reviewer reads: what fails, what could not be assessed, what the
// baseline says, and whether the scan is complete.
func markdownVerdict(r *engine.Report, results []engine.Result) string {
	counts := map[engine.Status]int{}
	failing := map[engine.Severity]int{}
	for _, res := range results {
		counts[res.Status]++
		if res.Status == engine.StatusFail {
			failing[res.Severity]++
		}
	}
	fails, unknowns := counts[engine.StatusFail], counts[engine.StatusUnknown]
	var parts []string
	switch {
	case fails > 0:
		var sevs []string
		for _, sev := range engine.Severities {
			if n := failing[sev]; n > 0 {
				sevs = append(sevs, fmt.Sprintf("%d %s", n, sev))
			}
		}
		lead := fmt.Sprintf("❌ **%d failing**", fails)
		if len(sevs) > 0 {
			lead += " (" + strings.Join(sevs, ", ") + ")"
		}
		parts = append(parts, lead)
		if unknowns > 0 {
			parts = append(parts, fmt.Sprintf("%d not assessed", unknowns))
		}
	case unknowns > 0:
		parts = append(parts, fmt.Sprintf("⚠️ **No failures, but %d not assessed**", unknowns))
	case len(results) == 0:
		parts = append(parts, "**No results**")
	default:
		parts = append(parts, "✅ **No failing results**")
	}
	if n := counts[engine.StatusWaived]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d waived", n))
	}
	parts = append(parts, fmt.Sprintf("%d pass", counts[engine.StatusPass]))
	if n := counts[engine.StatusNotApplicable]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d not applicable", n))
	}
	if added, unchanged := baselineCounts(results); added+unchanged > 0 {
		newCount := fmt.Sprintf("%d new", added)
		if added > 0 {
			newCount = "**" + newCount + "**"
		}
		parts = append(parts, fmt.Sprintf("%s since the baseline, %d unchanged", newCount, unchanged))
	}
	if n := len(waiversIn(r, engine.WaiverExpired)); n > 0 {
		parts = append(parts, plural(n, "waiver", "waivers")+" expired")
	}
	if incomplete(r) {
		parts = append(parts, "⚠️ **incomplete scan**")
	}
	return strings.Join(parts, " · ")
}

// markdownIncomplete warns, above everything else, that sources could not be read. It lists the first
// errors; markdownSourceErrors collapses the whole list when there are more.
func markdownIncomplete(b *strings.Builder, r *engine.Report) {
	if !incomplete(r) {
		return
	}
	var broken int
	var issues []string
	for _, s := range r.Sources {
		if s.Complete() {
			continue
		}
		broken++
		for _, issue := range s.Errors {
			issues = append(issues, markdownIssue(s, issue))
		}
	}
	b.WriteString("\n> [!CAUTION]\n")
	if broken == 0 {
		b.WriteString("> **Incomplete scan: findings may be missing.** The engine marked the report incomplete " +
			"without naming a source. Missing evidence is never a pass.\n")
		return
	}
	fmt.Fprintf(b, "> **Incomplete scan: findings may be missing.** %d of %d sources could not be read completely. "+
		"Missing evidence is never a pass.\n>\n", broken, len(r.Sources))
	for i, issue := range issues {
		if i == markdownAlertIssues {
			fmt.Fprintf(b, "> - … and %d more under *Source errors* below\n", len(issues)-i)
			break
		}
		b.WriteString("> - " + issue + "\n")
	}
}

// markdownIssue renders a source error for a list item: the source, then "path:line:col: message".
func markdownIssue(s inventory.Source, issue inventory.Issue) string {
	return mdCode(strings.TrimSpace(s.Kind+" "+s.Path), false) + ": " + mdText(truncateRunes(oneLine(issue.String()), markdownCell))
}

// markdownCounts is the table of results by status (rows) and severity (columns).
func markdownCounts(b *strings.Builder, results []engine.Result) {
	type row struct {
		status engine.Status
		label  string
	}
	rows := []row{
		{engine.StatusFail, "❌ Fail"}, {engine.StatusUnknown, "⚠️ Not assessed"},
		{engine.StatusWaived, "💤 Waived"}, {engine.StatusPass, "✅ Pass"},
		{engine.StatusNotApplicable, "➖ Not applicable"},
	}
	counts := map[engine.Status]map[engine.Severity]int{}
	totals := map[engine.Status]int{}
	for _, res := range results {
		if counts[res.Status] == nil {
			counts[res.Status] = map[engine.Severity]int{}
		}
		counts[res.Status][res.Severity]++
		totals[res.Status]++
	}
	b.WriteString("\n| Results | Critical | High | Medium | Low | Info | Total |\n|:--|--:|--:|--:|--:|--:|--:|\n")
	for _, rw := range rows {
		b.WriteString("| " + rw.label)
		for _, sev := range engine.Severities {
			fmt.Fprintf(b, " | %d", counts[rw.status][sev])
		}
		fmt.Fprintf(b, " | **%d** |\n", totals[rw.status])
	}
}

// markdownFrameworks is each framework's controls by state, out of the catalog's total, and the
// result-level rate, labelled as such.
func markdownFrameworks(b *strings.Builder, fws []engine.FrameworkSummary) {
	if len(fws) == 0 {
		return
	}
	b.WriteString("\n| Framework | Controls | automated | partly automated | passing | failing | unknown | waived | not assessed | manual | Results passing |\n" +
		"|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, f := range fws {
		markdownRow(b, mdText(cmp.Or(f.Title, frameworkLabel(f.Framework))), f.ControlFigures)
		for _, ps := range f.Profiles {
			markdownRow(b, "↳ "+mdText(ps.Profile), ps.ControlFigures)
		}
	}
	b.WriteString("\nAutomated controls are decided by the rules as a whole; partly automated ones are only evidenced in part " +
		"by them and need manual evidence for the rest; manual ones have no rule. A control passes only on passing results with none failing or unknown; one whose only results " +
		"are waived is waived, and one without an automated rule needs manual evidence: neither is counted as passing. " +
		"Results passing is the share of the framework's pass, fail and unknown results that pass.\n")
	if hasProfiles(fws) {
		b.WriteString("\n" + profileNote + "\n")
	}
}

const markdownFindingsHeader = "| Severity | Status | Rule | Resource | Location | Message |\n|:--|:--|:--|:--|:--|:--|\n"

// markdownTopFindings writes the first findings as a visible table and returns the rest as a section.
func markdownTopFindings(b *strings.Builder, list []engine.Result, more string, frameworks []string) mdSection {
	rows := markdownFindingRows(list, frameworks)
	if len(rows) == 0 {
		return mdSection{}
	}
	top := rows[:min(len(rows), markdownTop)]
	b.WriteString(markdownFindingsHeader + strings.Join(top, ""))
	return mdSection{
		summary: fmt.Sprintf("%s (%d)", more, len(rows)-len(top)),
		header:  markdownFindingsHeader,
		rows:    rows[len(top):],
	}
}

func markdownFindingRows(list []engine.Result, frameworks []string) []string {
	rows := make([]string, 0, len(list))
	for _, res := range list {
		status := "❌ fail"
		msg := res.Message
		if res.Status == engine.StatusUnknown {
			status = "⚠️ not assessed"
			if len(res.Missing) > 0 {
				msg = strings.TrimSpace(msg) + " Missing: " + strings.Join(res.Missing, ", ") + "."
			}
		}
		cells := []string{
			severityName(res.Severity), status, markdownRule(res), mdCode(res.ResourceID, true),
			mdCode(res.Where().Short(), true), mdCell(msg),
		}
		rows = append(rows, mdRow(cells))
	}
	return rows
}

func markdownRule(res engine.Result) string {
	cell := mdCode(res.RuleID, true)
	if res.RuleTitle != "" {
		cell += " " + mdCell(res.RuleTitle)
	}
	return cell
}

// markdownExpired lists expired waivers in the open: what they accepted fails again, and someone must fix
// it or renew the waiver.
func markdownExpired(b *strings.Builder, r *engine.Report) {
	expired := waiversIn(r, engine.WaiverExpired)
	if len(expired) == 0 {
		return
	}
	fmt.Fprintf(b, "\n### Expired waivers (%d): no longer applied\n\n", len(expired))
	b.WriteString("| Waiver | Expired | Covers | Results no longer waived | Accountability | Reason |\n" +
		"|:--|:--|:--|--:|:--|:--|\n")
	for i, ws := range expired {
		if i == markdownTop {
			fmt.Fprintf(b, "\n… and %d more: see the table or json report.\n", len(expired)-i)
			break
		}
		b.WriteString(mdRow([]string{
			mdCode(ws.ID, true), waiverExpiry(&ws.Waiver), mdCell(waiverScope(&ws.Waiver)), fmt.Sprint(ws.Matched),
			mdCell(strings.Join(waiverAccountability(&ws.Waiver), " · ")), mdCell(ws.Reason),
		}))
	}
}

func markdownUnknowns(results []engine.Result) mdSection {
	unknowns := withStatus(findings(results), engine.StatusUnknown)
	s := mdSection{
		summary: fmt.Sprintf("Not assessed (%d): the data that was missing", len(unknowns)),
		intro: "The rule could not decide: an attribute had no known value (a variable without value, a value " +
			"known only after apply, an API call that failed). Unknown is never a pass.\n\n",
		header: "| Severity | Rule | Resource | Location | Missing | Message |\n|:--|:--|:--|:--|:--|:--|\n",
	}
	for _, res := range unknowns {
		missing := make([]string, len(res.Missing))
		for i, m := range res.Missing {
			missing[i] = mdCode(m, true)
		}
		s.rows = append(s.rows, mdRow([]string{
			severityName(res.Severity), markdownRule(res), mdCode(res.ResourceID, true),
			mdCode(res.Where().Short(), true), cmp.Or(strings.Join(missing, ", "), "–"), mdCell(res.Message),
		}))
	}
	return s
}

func markdownWaived(results []engine.Result) mdSection {
	waived := withStatus(results, engine.StatusWaived)
	s := mdSection{
		summary: fmt.Sprintf("Waived (%d)", len(waived)),
		header: "| Severity | Rule | Resource | Was | Waiver | Expires | Reason |\n" +
			"|:--|:--|:--|:--|:--|:--|:--|\n",
	}
	for _, res := range waived {
		waiver, expires, reason := "–", "–", mdCell(res.Message)
		if w := res.Waiver; w != nil {
			waiver = mdCode(w.ID, true)
			if acc := waiverAccountability(w); len(acc) > 0 {
				waiver += " " + mdCell(strings.Join(acc, " · "))
			}
			expires = waiverExpiry(w)
			reason = mdCell(w.Reason)
		}
		s.rows = append(s.rows, mdRow([]string{
			severityName(res.Severity), markdownRule(res), mdCode(res.ResourceID, true),
			cmp.Or(string(res.OriginalStatus), "–"), waiver, expires, reason,
		}))
	}
	return s
}

func markdownUnused(r *engine.Report) mdSection {
	unused := waiversIn(r, engine.WaiverUnused)
	s := mdSection{
		summary: fmt.Sprintf("Unused waivers (%d): they matched nothing and may be stale", len(unused)),
		header:  "| Waiver | Covers | Expires | Declared in |\n|:--|:--|:--|:--|\n",
	}
	for _, ws := range unused {
		s.rows = append(s.rows, mdRow([]string{
			mdCode(ws.ID, true), mdCell(waiverScope(&ws.Waiver)), waiverExpiry(&ws.Waiver),
			mdCode(ws.Source, true),
		}))
	}
	return s
}

// markdownSourceErrors collapses the full list of source errors when the warning at the top could not
// show them all.
func markdownSourceErrors(r *engine.Report) mdSection {
	var rows []string
	for _, s := range r.Sources {
		for _, issue := range s.Errors {
			rows = append(rows, "- "+markdownIssue(s, issue)+"\n")
		}
	}
	if len(rows) <= markdownAlertIssues {
		return mdSection{}
	}
	return mdSection{summary: fmt.Sprintf("Source errors (%d)", len(rows)), rows: rows}
}

// markdownSourceWarnings lists the warnings met while reading the sources, collapsed.
func markdownSourceWarnings(r *engine.Report) mdSection {
	var rows []string
	for _, s := range r.Sources {
		for _, issue := range s.Warnings {
			rows = append(rows, "- "+markdownIssue(s, issue)+"\n")
		}
	}
	if len(rows) == 0 {
		return mdSection{}
	}
	return mdSection{summary: fmt.Sprintf("Source warnings (%d): inputs not read, what depends on them is unknown", len(rows)), rows: rows}
}

func markdownFooter(r *engine.Report) string {
	parts := []string{strings.TrimSpace(cmp.Or(r.Tool, "vigil") + " " + r.Version)}
	if r.GeneratedAt != nil {
		parts = append(parts, r.GeneratedAt.UTC().Format(time.RFC3339))
	}
	parts = append(parts,
		plural(len(r.Sources), "source", "sources"),
		plural(r.Summary.Resources, "resource", "resources"),
		plural(len(r.Rules), "rule", "rules"),
		plural(len(r.Results), "result", "results"),
	)
	return "\n<sub>" + mdText(strings.Join(parts, " · ")) + "</sub>\n"
}

// fitMarkdown joins the visible head, the collapsed sections and the footer within markdownLimit. Each
// non-empty section is reserved the room for its frame and a truncation note, then takes rows in order
// while they fit; a section cut short says how many rows it left out.
func fitMarkdown(head string, sections []mdSection, footer string) string {
	var kept []mdSection
	for _, s := range sections {
		if len(s.rows) > 0 {
			kept = append(kept, s)
		}
	}
	reserve := make([]int, len(kept))
	budget := markdownLimit - len(head) - len(footer)
	for i, s := range kept {
		reserve[i] = len(mdOpen(s)) + len(mdClose) + len(mdOmitted(len(s.rows)))
		budget -= reserve[i]
	}
	var b strings.Builder
	b.WriteString(head)
	for i, s := range kept {
		budget += reserve[i]
		b.WriteString(mdOpen(s))
		budget -= len(mdOpen(s)) + len(mdClose)
		n := 0
		for _, row := range s.rows {
			if len(row) > budget-len(mdOmitted(len(s.rows))) {
				break
			}
			b.WriteString(row)
			budget -= len(row)
			n++
		}
		if n < len(s.rows) {
			note := mdOmitted(len(s.rows) - n)
			b.WriteString(note)
			budget -= len(note)
		}
		b.WriteString(mdClose)
	}
	b.WriteString(footer)
	return b.String()
}

func mdOpen(s mdSection) string {
	return "\n<details>\n<summary>" + s.summary + "</summary>\n\n" + s.intro + s.header
}

const mdClose = "\n</details>\n"

func mdOmitted(n int) string {
	return fmt.Sprintf("\n*… %d more not shown: the comment would exceed GitHub's size limit. "+
		"See the json or sarif report for every result.*\n", n)
}

// mdRow joins cells into a table row.
func mdRow(cells []string) string {
	return "| " + strings.Join(cells, " | ") + " |\n"
}

// mdCell is free text in a table cell, shortened to markdownCell characters.
func mdCell(s string) string {
	return mdText(truncateRunes(oneLine(s), markdownCell))
}

// mdEscaper backslash-escapes the punctuation that would start markup inside a line: emphasis, code,
// links, HTML, tables, strikethrough, math and entities. Line-start markup (headings, lists) cannot occur
// because text is always placed after other content on its line.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `~`, `\~`, `$`, `\$`, `&`, `\&`,
)

// mdText is text on one line with markdown escaped.
func mdText(s string) string {
	return mdEscaper.Replace(Printable(oneLine(s)))
}

// mdCode is an identifier in a code span, whatever backticks it holds. In a table, "|" must still be
// escaped: GitHub splits cells before it parses code spans, reading a backslash and the character after it
// as one. A backslash before a pipe cannot be written in a code span there, so such text is plain text.
func mdCode(s string, inTable bool) string {
	s = Printable(oneLine(s))
	if s == "" {
		return "–"
	}
	if inTable && strings.Contains(s, `\|`) {
		return mdText(s)
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	return fence + s + fence
}

// truncateRunes shortens s to at most n characters, marking the cut with an ellipsis.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// MarkdownCell is free text made safe for a markdown table cell (one line, markup escaped, shortened),
// for commands that write their own markdown tables (vigil dr).
func MarkdownCell(s string) string { return mdCell(s) }

// MarkdownCode is an identifier as a code span safe in a markdown table cell.
func MarkdownCode(s string) string { return mdCode(s, true) }

// markdownRow writes one framework or profile row of the frameworks table.
func markdownRow(b *strings.Builder, label string, f engine.ControlFigures) {
	b.WriteString("| " + label + " | " + strings.Join(figureCells(f), " | ") + " |\n")
}
