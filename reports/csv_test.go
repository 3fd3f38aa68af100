package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

func readCSV(t *testing.T, out []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll() // also checks every row has the header's width
	require.NoError(t, err)
	return rows
}

func TestCSVRows(t *testing.T) {
	rep := fixtureReport()
	rows := readCSV(t, render(t, "csv", Options{}, rep))
	require.Len(t, rows, len(rep.Results)+1, "a header and one row per result")
	head := rows[0]
	assert.Equal(t, csvFixedHead, head[:len(csvFixedHead)])
	assert.Equal(t, []string{"iso27001-2022", "iso27001-2022 coverage", "nist-800-53-r5", "nist-800-53-r5 coverage",
		"nist-csf-2.0", "nist-csf-2.0 coverage"}, head[len(csvFixedHead):len(csvFixedHead)+6])

	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	byKey := map[string][]string{}
	for _, row := range rows[1:] {
		byKey[row[col["rule_id"]]+" "+row[col["resource_id"]]] = row
	}
	enc := byKey["S3.2 aws_s3_bucket.public"]
	require.NotNil(t, enc)
	assert.Equal(t, "pass", enc[col["status"]])
	assert.Equal(t, "infra/storage/s3.tf", enc[col["file"]])
	assert.Equal(t, "SC-28; SC-28(1)", enc[col["nist-800-53-r5"]])
	assert.Equal(t, "partial; full", enc[col["nist-800-53-r5 coverage"]], "coverage per control, in the same order")

	waived := byKey["IAM.4 aws_iam_user.ci"]
	require.NotNil(t, waived)
	assert.Equal(t, "waived", waived[col["status"]])
	assert.Equal(t, "fail", waived[col["original_status"]])
	assert.Equal(t, "legacy-ci-user", waived[col["waiver"]])
	assert.Equal(t, "2025-09-30", waived[col["waiver_expires"]])
	assert.Equal(t, engine.Fingerprint("IAM.4", "aws_iam_user.ci"), waived[col["fingerprint"]])
}

// TestCSVFormulaInjection: text from scanned files that a spreadsheet would run as a formula is shown as
// text; quoting and line breaks are RFC 4180's, so the value reads back intact apart from the prefix.
func TestCSVFormulaInjection(t *testing.T) {
	tests := []struct{ in, want string }{
		{`=HYPERLINK("http://evil","x")`, `'=HYPERLINK("http://evil","x")`},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"plain", "plain"},
		{"invoice\u202efdp.exe", `invoice\u202efdp.exe`},
		{"a\x1b[31mred", `a\x1b[31mred`},
		{"two\nlines\tand tab", "two\nlines\tand tab"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, csvCell(tc.in), "%q", tc.in)
	}

	rep := fixtureReport()
	rep.Results[0].Message = "=1+1\nsecond, \"quoted\" line"
	rep.Results[0].ResourceName = "@evil"
	rows := readCSV(t, render(t, "csv", Options{}, rep))
	var found bool
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell == "'=1+1\nsecond, \"quoted\" line" {
				found = true
			}
			assert.NotRegexp(t, `^[=+\-@\t\r]`, cell)
		}
	}
	assert.True(t, found, "the message reads back with its line break and quotes")
}

// TestCSVLongCells: no cell is longer than a spreadsheet cell holds; a longer one is cut on a character
// boundary and says how long it was, and the row keeps its width.
func TestCSVLongCells(t *testing.T) {
	long := strings.Repeat("é", csvMaxCell+10)
	got := csvCell(long)
	assert.Equal(t, csvMaxCell, utf8.RuneCountInString(got))
	assert.True(t, utf8.ValidString(got))
	assert.True(t, strings.HasSuffix(got, fmt.Sprintf("(cut: %d characters; the json report has it whole)", csvMaxCell+10)), got[len(got)-80:])
	exact := strings.Repeat("é", csvMaxCell)
	assert.Equal(t, exact, csvCell(exact), "a cell at the limit is whole")
	assert.Equal(t, csvMaxCell, utf8.RuneCountInString(csvCell("="+exact[2:])), "the formula guard counts too")

	rep := fixtureReport()
	rep.Results[0].Evidence = map[string]any{"policy": strings.Repeat("x", 100000)}
	rep.Results[0].ResourceName = strings.Repeat("n", 50000)
	rows := readCSV(t, render(t, "csv", Options{}, rep))
	var cut int
	for _, row := range rows[1:] {
		for _, cell := range row {
			assert.LessOrEqual(t, utf8.RuneCountInString(cell), csvMaxCell)
			if strings.Contains(cell, "the json report has it whole") {
				cut++
			}
		}
	}
	assert.Equal(t, 2, cut, "the evidence and the name are cut, and say so")
}

// TestSoACSV: the Statement of Applicability draft is RFC 4180 like the csv report (CRLF record ends), a
// header and one row per Annex A control.
func TestSoACSV(t *testing.T) {
	cats, err := embeddedCatalogs()
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteSoACSV(&buf, StatementOfApplicability(fixtureReport(), cats[engine.FrameworkISO27001])))
	out := buf.String()
	assert.Equal(t, 1+93, strings.Count(out, "\r\n"), "every record ends with CRLF")
	assert.NotContains(t, strings.ReplaceAll(out, "\r\n", ""), "\n", "no bare LF")
	assert.Len(t, readCSV(t, buf.Bytes()), 1+93)
}
