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
		"Results   2 fail · 2 unknown · 2 waived · 4 pass · 1 not applicable",
		"Failing   1 critical · 1 high · 0 medium · 0 low · 0 info",
		"Baseline  2 new · 2 unchanged",
		"Waivers   2 active · 1 expired · 1 unused",
		"unused: sessions-pitr (vigil.hcl:28)",
	} {
		assert.Contains(t, out, want)
	}
	// Controls by coverage and by state out of the catalog's total, then the result-level rate, labelled as such.
	assert.Regexp(t, `Framework\s+Controls\s+Automated\s+Partly\s+Passing\s+Failing\s+Unknown\s+Waived\s+Not assessed\s+Manual\s+Results passing`, out)
	assert.Regexp(t, `ISO 27001\s+93\s+0\s+6\s+0\s+3\s+2\s+1\s+0\s+87\s+50\.0%`, out)
	assert.Regexp(t, `800-53\s+1014\s+1\s+7\s+`, out, "SC-28(1) is decided by its rules in full")
	assert.NotContains(t, out, "Pass rate")

	// Waived results come after the findings, passes only when verbose.
	assert.Greater(t, strings.Index(out, "WAIVED"), strings.Index(out, "UNKNOWN"))
	assert.NotContains(t, out, "PASSED")
	verbose := string(render(t, "table", Options{Verbose: true}, fixtureReport()))
	assert.Contains(t, verbose, "PASSED  4")
	assert.Contains(t, verbose, "S3.1  aws_s3_bucket.assets  infra/storage/s3.tf:32")
	assert.Contains(t, verbose, "NOT APPLICABLE  1")
	assert.Contains(t, verbose, "is a read replica of orders: backup retention is the source's")
	assert.Greater(t, strings.Index(verbose, "NOT APPLICABLE"), strings.Index(verbose, "PASSED"))
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

func TestTableBaselineAndWaivers(t *testing.T) {
	out := string(render(t, "table", Options{}, fixtureReport()))

	// New findings are marked; unchanged ones are not.
	assert.Contains(t, out, "FAIL     aws_s3_bucket.public  infra/storage/s3.tf:12  NEW\n")
	assert.Contains(t, out, "UNKNOWN  module.logs.aws_s3_bucket.this  infra/modules/logs/main.tf:3  NEW\n")
	assert.Contains(t, out, "FAIL     arn:aws:rds:eu-west-1:123456789012:db:orders  rds:DescribeDBInstances\n")
	assert.Contains(t, out, "HIGH  1 fail · 1 unknown · 2 new\n")

	// Expired waivers come right after the findings, before the waived results.
	expired := strings.Index(out, "EXPIRED WAIVERS (no longer applied)  1")
	require.Positive(t, expired)
	assert.Greater(t, expired, strings.Index(out, "\nMEDIUM"))
	assert.Less(t, expired, strings.Index(out, "\nWAIVED  2"))
	assert.Contains(t, out, "orders-public-migration  expired 2025-03-01  1 result no longer waived")
	assert.Contains(t, out, "reason: Public endpoint while the data-centre migration runs.")

	// A waived result shows what it was, its waiver with its expiry and reason, and the message without the
	// waiver text the engine appended to it.
	for _, want := range []string{
		"was fail: The user has 2 directly attached managed policies.\n",
		"waiver legacy-ci-user until 2025-09-30 · OPS-1234 · owner platform-team ·",
		"reason: Legacy CI user, replaced by an OIDC role next quarter.",
		"waiver inline, no expiry · infra/modules/logs/main.tf:2",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "waived by legacy-ci-user")

	// Without baseline or waivers, none of it shows.
	plain := fixtureReport()
	plain.Waivers = nil
	for i := range plain.Results {
		plain.Results[i].Baseline = ""
	}
	out = string(render(t, "table", Options{}, plain))
	for _, absent := range []string{"NEW", "new", "Baseline", "EXPIRED WAIVERS", "Waivers  "} {
		assert.NotContains(t, out, absent)
	}
}

func TestPackControls(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		width      int
		want       []string
	}{
		{"fits", "ISO 27001: 8.2 · CSF 2.0: PR.AA-05", 40, []string{"ISO 27001: 8.2 · CSF 2.0: PR.AA-05"}},
		{"breaks between frameworks", "ISO 27001: 8.2 · CSF 2.0: PR.AA-05 · HIPAA: 164.312(a)(1)", 36,
			[]string{"ISO 27001: 8.2 · CSF 2.0: PR.AA-05", "HIPAA: 164.312(a)(1)"}},
		{"a long list keeps its line", "800-53: AC-6, AC-6(1), SC-7, SC-28 · CSF 2.0: PR.AA-05", 10,
			[]string{"800-53: AC-6, AC-6(1), SC-7, SC-28", "CSF 2.0: PR.AA-05"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, packControls(tc.text, tc.width))
		})
	}
}
