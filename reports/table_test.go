package reports

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

func TestTableLayout(t *testing.T) {
	for _, opts := range []Options{{}, {Verbose: true}} {
		out := string(render(t, "table", opts, fixtureReport()))
		assert.NotContains(t, out, "\x1b[", "no ANSI codes without Options.Color")
		for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			assert.Equal(t, strings.TrimRight(line, " \t"), line, "trailing space on line %d", i+1)
			assert.LessOrEqual(t, utf8.RuneCountInString(line), 120, "line %d too wide: %q", i+1, line)
		}
	}
}

func TestTableContent(t *testing.T) {
	out := string(render(t, "table", Options{}, fixtureReport()))

	// Severity groups, most severe first; failures before unknowns inside a group.
	critical := strings.Index(out, "\nCRITICAL")
	high := strings.Index(out, "\nHIGH")
	medium := strings.Index(out, "\nMEDIUM")
	require.True(t, critical >= 0 && high > critical && medium > high, "severity groups out of order:\n%s", out)
	highGroup := out[high:medium]
	assert.Less(t, strings.Index(highGroup, "FAIL"), strings.Index(highGroup, "UNKNOWN"))

	for _, want := range []string{
		"FAIL     aws_s3_bucket.public  infra/storage/s3.tf:12",
		"S3.4  S3 buckets block public access",
		"ISO 27001: 5.15, 8.3 · 800-53: AC-3, AC-6 · CSF 2.0: PR.AA-05",
		"FAIL     arn:aws:rds:eu-west-1:123456789012:db:orders  rds:DescribeDBInstances",
		"missing: encryption.algorithm, encryption.enabled",
		"infra/network/main.tf:14:17: Invalid expression;",
		"backup ListBackupPlans (eu-west-1): AccessDenied:",
		"!! INCOMPLETE SOURCES: 2 of 2 could not be read completely",
		"Results   2 fail · 2 unknown · 1 waived · 4 pass",
		"Failing   1 critical · 1 high · 0 medium · 0 low · 0 info",
	} {
		assert.Contains(t, out, want)
	}
	assert.Regexp(t, `ISO/IEC 27001:2022 Annex A\s+50\.0%\s+0\s+3\s+2\s+6\s+93`, out)

	// Waived results come after the findings, passes only when verbose.
	assert.Greater(t, strings.Index(out, "WAIVED"), strings.Index(out, "UNKNOWN"))
	assert.NotContains(t, out, "PASSED")
	verbose := string(render(t, "table", Options{Verbose: true}, fixtureReport()))
	assert.Contains(t, verbose, "PASSED  4")
	assert.Contains(t, verbose, "S3.1  aws_s3_bucket.assets  infra/storage/s3.tf:32")
}

func TestTableCompleteReport(t *testing.T) {
	r := &engine.Report{
		Tool: "vigil", Version: "0.4.0", Complete: true,
		Sources: []inventory.Source{{Kind: inventory.SourceTerraform, Path: "infra", Files: 1}},
		Results: []engine.Result{{RuleID: "S3.1", Severity: engine.SeverityMedium, Status: engine.StatusPass,
			ResourceID: "aws_s3_bucket.a"}},
		Summary: engine.Summary{Resources: 1, ByStatus: map[engine.Status]int{engine.StatusPass: 1}},
	}
	out := string(render(t, "table", Options{}, r))
	assert.Contains(t, out, "No failing or unknown results.")
	assert.NotContains(t, out, "INCOMPLETE")
	assert.NotContains(t, out, "Incomplete")
}

func TestTableColor(t *testing.T) {
	out := string(render(t, "table", Options{Color: true}, fixtureReport()))
	assert.Contains(t, out, "\x1b[1;31mFAIL\x1b[0m")
	assert.Contains(t, out, "\x1b[1;31m!! INCOMPLETE SOURCES")
	for i, line := range strings.Split(out, "\n") {
		assert.Equal(t, strings.TrimRight(line, " "), line, "trailing space on line %d", i+1)
	}
}

func TestWrap(t *testing.T) {
	assert.Equal(t, []string{"one two", "three"}, wrap("one two three", 8))
	assert.Equal(t, []string{"a", "arn:aws:iam::123456789012:role/long", "b"}, wrap("a arn:aws:iam::123456789012:role/long b", 10))
	assert.Equal(t, []string{"first", "second line"}, wrap("first\n\nsecond line\n", 20))
	assert.Empty(t, wrap("  ", 10))
}
