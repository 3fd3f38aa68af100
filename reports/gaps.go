package reports

import (
	"bufio"
	"cmp"
	"fmt"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// Gaps are parts of a source that were not evaluated because the configuration accepts it (an
// uninstalled Terraform module with uninstalled_modules = "gap"). They do not make a report incomplete,
// but nothing in them was checked, so every format says so: a gap must never read as a pass.

// sourceGap is one gap with its source.
type sourceGap struct {
	source inventory.Source
	issue  inventory.Issue
}

// reportGaps lists the gaps of every source, in source order.
func reportGaps(r *engine.Report) []sourceGap {
	var out []sourceGap
	for _, s := range r.Sources {
		for _, g := range s.Gaps {
			out = append(out, sourceGap{source: s, issue: g})
		}
	}
	return out
}

const gapWarning = "not evaluated, as the configuration accepts: nothing in them was checked, and no result stands for them"

// gaps writes the table's section listing the gaps.
func (t tableRenderer) gaps(p *printer, r *engine.Report) {
	gaps := reportGaps(r)
	if len(gaps) == 0 {
		return
	}
	p.blank()
	p.line(p.paint(fmt.Sprintf("!! GAPS: %s %s", plural(len(gaps), "part", "parts"), gapWarning), sgrBold, sgrYellow))
	for i, g := range gaps {
		if i == 0 || g.source.Path != gaps[i-1].source.Path || g.source.Kind != gaps[i-1].source.Kind {
			p.blank()
			p.line(findingIndent + p.paint(sourceName(g.source), sgrBold))
		}
		for j, l := range wrap(g.issue.String(), tableWidth-len(detailIndent)) {
			if j == 0 {
				p.line(findingIndent + "  " + p.paint("~ ", sgrYellow) + l)
			} else {
				p.line(findingIndent + "    " + l)
			}
		}
	}
}

// markdownGaps warns, next to the incomplete-scan alert, of the parts that were not evaluated.
func markdownGaps(b *strings.Builder, r *engine.Report) {
	gaps := reportGaps(r)
	if len(gaps) == 0 {
		return
	}
	b.WriteString("\n> [!WARNING]\n")
	fmt.Fprintf(b, "> **Gaps: %s %s.**\n>\n", plural(len(gaps), "part", "parts"), gapWarning)
	for i, g := range gaps {
		if i == markdownAlertIssues {
			fmt.Fprintf(b, "> - … and %d more\n", len(gaps)-i)
			break
		}
		b.WriteString("> - " + markdownIssue(g.source, g.issue) + "\n")
	}
}

// githubGaps writes one warning annotation per gap.
func githubGaps(w *bufio.Writer, r *engine.Report) {
	for _, g := range reportGaps(r) {
		title := "vigil: not evaluated in " + g.source.Kind
		githubCommand(w, ghWarning, append(githubFileProps(g.issue.File, g.issue.Line, 0, g.issue.Column), ghProp{"title", title}),
			"Not evaluated (accepted gap), nothing in it was checked: "+g.issue.String())
	}
}

// sarifGapNotification reports a gap as a warning notification of the run.
func sarifGapNotification(g sourceGap) *sarif.Notification {
	n := sarifNotification(g.source, g.issue)
	n.WithLevel(sarif.LevelWarning)
	n.WithMessage(sarif.NewTextMessage("Not evaluated (accepted gap), nothing in it was checked: " + g.issue.String()))
	return n
}

// junitGap reports a gap as a skipped testcase of the sources suite: not run, and not passed.
func junitGap(g sourceGap) junitTestCase {
	tc := junitTestCase{Name: xmlSafe("not evaluated: " + oneLine(g.issue.Message)), Classname: "sources",
		File: xmlSafe(g.issue.File)}
	if g.issue.File != "" {
		tc.Line = g.issue.Line
	}
	tc.Skipped = &junitOutcome{
		Message: xmlSafe("not evaluated, as the configuration accepts (" + sourceName(g.source) + "); nothing in it was checked"),
		Type:    xmlSafe(cmp.Or(g.issue.Code, "gap")),
		Detail:  xmlSafe(g.issue.String()),
	}
	return tc
}
