package reports

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// githubCommentLimit is the most characters GitHub accepts in an issue or pull-request comment.
const githubCommentLimit = 65_536

// cellCount counts the cells of a table row as GitHub's table extension does: a backslash and the
// character after it are read as one, and every other pipe separates cells.
func cellCount(row string) int {
	pipes := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			pipes++
		}
	}
	return pipes - 1
}

func TestMarkdownFixture(t *testing.T) {
	out := string(render(t, "markdown", Options{}, fixtureReport()))
	lines := strings.Split(out, "\n")
	require.Greater(t, len(lines), 4)
	assert.Equal(t, markdownMarker, lines[0])
	assert.Equal(t, "## vigil compliance scan", lines[1])
	assert.Equal(t, "❌ **2 failing** (1 critical, 1 high) · 2 not assessed · 2 waived · 4 pass · 1 not applicable · "+
		"**2 new** since the baseline, 2 unchanged · 1 waiver expired · ⚠️ **incomplete scan**", lines[3],
		"the verdict is the first line of text")

	// Order: the incomplete-scan warning, counts, frameworks, new findings, expired waivers, then the
	// collapsed sections.
	order := []string{
		"> [!CAUTION]",
		"| Results | Critical | High | Medium | Low | Info | Total |",
		"| ❌ Fail | 1 | 1 | 0 | 0 | 0 | **2** |",
		"| ISO/IEC 27001:2022 Annex A | 93 | 0 | 6 | 0 | 3 | 2 | 1 | 0 | 87 | 50.0% |",
		"### New findings (2)",
		"### Expired waivers (1): no longer applied",
		"<summary>Unchanged findings (2): already in the baseline</summary>",
		"<summary>Not assessed (2): the data that was missing</summary>",
		"<summary>Waived (2)</summary>",
		"<summary>Unused waivers (1): they matched nothing and may be stale</summary>",
		"<sub>vigil 0.4.0 · 2025-03-14T09:26:53Z",
	}
	last := -1
	for _, want := range order {
		i := strings.Index(out, want)
		require.GreaterOrEqual(t, i, 0, "missing %q", want)
		assert.Greater(t, i, last, "%q out of order", want)
		last = i
	}

	// New findings only in the visible table; the unchanged critical one is collapsed.
	top := out[strings.Index(out, "### New findings"):strings.Index(out, "### Expired waivers")]
	assert.Contains(t, top, "| high | ❌ fail | `S3.4` S3 buckets block public access | `aws_s3_bucket.public` | `infra/storage/s3.tf:12` |")
	assert.Contains(t, top, "Missing: encryption.algorithm, encryption.enabled.")
	assert.NotContains(t, top, "RDS.5")

	assert.Contains(t, out, "> - `terraform infra`: infra/network/main.tf:14:17: Invalid expression;")
	assert.Contains(t, out, "| `backup.retention_days` |")
	assert.Contains(t, out, "| low | `IAM.4` IAM users have no directly attached managed policies | `aws_iam_user.ci` | fail | "+
		"`legacy-ci-user` OPS-1234 · owner platform-team · approved by security@example.com · vigil.hcl:12 | 2025-09-30 |")
	assert.Contains(t, out, "| Write-once access logs \\| versioning only adds cost |", "a pipe in a reason is escaped")

	// Every row of a table has as many cells as its header.
	checkTables(t, out)
	assert.Equal(t, strings.Count(out, "<details>"), strings.Count(out, "</details>"))
}

// checkTables asserts that every table row has the same number of cells as the row before it or is a
// header: in practice, that nothing in a cell split it.
func checkTables(t *testing.T, out string) {
	t.Helper()
	var width int
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			width = 0
			continue
		}
		n := cellCount(line)
		if width == 0 {
			width = n
			continue
		}
		assert.Equal(t, width, n, "cells in %q", line)
	}
}

func TestMarkdownVerdict(t *testing.T) {
	pass := engine.Result{RuleID: "X.1", Severity: engine.SeverityHigh, Status: engine.StatusPass, ResourceID: "a"}
	unknown := engine.Result{RuleID: "X.1", Severity: engine.SeverityHigh, Status: engine.StatusUnknown, ResourceID: "b"}
	tests := []struct {
		name    string
		report  *engine.Report
		verdict string
	}{
		{"all pass", &engine.Report{Complete: true, Results: []engine.Result{pass}}, "✅ **No failing results** · 1 pass"},
		{"unknown only", &engine.Report{Complete: true, Results: []engine.Result{pass, unknown}},
			"⚠️ **No failures, but 1 not assessed** · 1 pass"},
		{"nothing", &engine.Report{Complete: true}, "**No results** · 0 pass"},
		{"incomplete", &engine.Report{Results: []engine.Result{pass}},
			"✅ **No failing results** · 1 pass · ⚠️ **incomplete scan**"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := string(render(t, "markdown", Options{}, tc.report))
			assert.Equal(t, tc.verdict, strings.Split(out, "\n")[3])
		})
	}
	out := string(render(t, "markdown", Options{}, &engine.Report{}))
	assert.Contains(t, out, "The engine marked the report incomplete without naming a source.")
}

// manyFindings is a report of n failing results, severities cycling, with messages of msgLen characters.
func manyFindings(n, msgLen int) *engine.Report {
	r := &engine.Report{Tool: "vigil", Complete: true}
	for i := range n {
		sev := engine.Severities[i%len(engine.Severities)]
		id := fmt.Sprintf("aws_s3_bucket.b%04d", i)
		r.Results = append(r.Results, engine.Result{
			RuleID: fmt.Sprintf("R.%d", i%7), RuleTitle: "Rule title", Severity: sev, Status: engine.StatusFail,
			ResourceID: id, Location: &inventory.Location{File: "main.tf", StartLine: i + 1},
			Message: strings.Repeat("x", msgLen),
		})
	}
	return r
}

func TestMarkdownTopFindings(t *testing.T) {
	out := string(render(t, "markdown", Options{}, manyFindings(25, 40)))
	top := out[strings.Index(out, "### Top findings (10 of 25)"):strings.Index(out, "<details>")]
	var sevs []string
	for _, line := range strings.Split(top, "\n") {
		if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| Severity") {
			sevs = append(sevs, strings.Fields(line)[1])
		}
	}
	assert.Equal(t, []string{"critical", "critical", "critical", "critical", "critical", "high", "high", "high",
		"high", "high"}, sevs, "at most 10, most severe first")
	assert.Contains(t, out, "<summary>More findings (15)</summary>")
	assert.NotContains(t, out, "Unchanged")
	checkTables(t, out)
}

func TestMarkdownSizeLimit(t *testing.T) {
	for _, n := range []int{400, 5000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			r := manyFindings(n, 2000)
			for i := range r.Results {
				if i%3 == 0 {
					r.Results[i].Status = engine.StatusUnknown
					r.Results[i].Missing = []string{"a.b", "c.d"}
				}
			}
			out := string(render(t, "markdown", Options{}, r))
			assert.LessOrEqual(t, len(out), markdownLimit)
			assert.LessOrEqual(t, utf8.RuneCountInString(out), githubCommentLimit)
			assert.Contains(t, out, "more not shown: the comment would exceed GitHub's size limit")
			assert.Equal(t, strings.Count(out, "<details>"), strings.Count(out, "</details>"))
			assert.True(t, strings.HasSuffix(out, "</sub>\n"), "the footer survives")
			checkTables(t, out)
			// Long messages are cut in cells.
			assert.NotContains(t, out, strings.Repeat("x", markdownCell+1))
		})
	}
	// A report that fits is not cut.
	assert.NotContains(t, string(render(t, "markdown", Options{}, manyFindings(40, 100))), "more not shown")
}

func TestMarkdownSourceErrors(t *testing.T) {
	var issues []inventory.Issue
	for i := range 8 {
		issues = append(issues, inventory.Issue{Code: "parse", File: fmt.Sprintf("f%d.tf", i), Line: i + 1, Message: "bad"})
	}
	r := &engine.Report{Tool: "vigil", Sources: []inventory.Source{{Kind: "terraform", Path: "infra", Errors: issues}}}
	out := string(render(t, "markdown", Options{}, r))
	assert.Contains(t, out, "> - `terraform infra`: f4.tf:5: bad\n> - … and 3 more under *Source errors* below\n")
	assert.Contains(t, out, "<summary>Source errors (8)</summary>")
	assert.Contains(t, out, "- `terraform infra`: f7.tf:8: bad\n")
}

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct{ in, text, cell string }{
		{in: "plain words", text: "plain words", cell: "`plain words`"},
		{in: "a|b", text: `a\|b`, cell: "`a\\|b`"},
		{in: "*bold* _it_ `code` [link](x) <b>", text: "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\>", cell: "``*bold* _it_ `code` [link](x) <b>``"},
		{in: "$x$ ~s~ &amp; \\", text: "\\$x\\$ \\~s\\~ \\&amp; \\\\", cell: "`$x$ ~s~ &amp; \\`"},
		{in: "two\nlines", text: "two lines", cell: "`two lines`"},
		{in: "`edge`", text: "\\`edge\\`", cell: "`` `edge` ``"},
		{in: "", text: "", cell: "–"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.text, mdText(tc.in))
			assert.Equal(t, tc.cell, mdCode(tc.in, true))
		})
	}
	assert.Equal(t, "`a|b`", mdCode("a|b", false), "outside a table a pipe needs no escape in code")
	assert.Equal(t, `a\\\|b`, mdCode(`a\|b`, true), "a backslash before a pipe cannot be in a table's code span")
	assert.Equal(t, 3, cellCount("| a | b\\\\| c |"), "an escaped backslash does not escape the pipe after it")
	assert.Equal(t, "abc…", truncateRunes("abcdef", 4))
	assert.Equal(t, "abc", truncateRunes("abc", 4))

	// A hostile result does not break its table row.
	r := &engine.Report{Tool: "vigil", Complete: true, Results: []engine.Result{{
		RuleID: "X|1", RuleTitle: "pipe | title", Severity: engine.SeverityHigh, Status: engine.StatusFail,
		ResourceID: "aws_s3_bucket.`a|b`", Message: "line one\n| not | a | row |\n<details> \\| x \\\\|",
		Location: &inventory.Location{File: "a|b.tf", StartLine: 1},
	}}}
	out := string(render(t, "markdown", Options{}, r))
	checkTables(t, out)
	assert.Equal(t, 1, strings.Count(out, "<details>")+strings.Count(out, "\\<details\\>"))
	assert.NotContains(t, out, "\n| not |")
}
