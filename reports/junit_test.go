package reports

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// The test reads JUnit with its own types, as a CI system would, rather than with the renderer's.
type xSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []xSuite `xml:"testsuite"`
}

type xSuite struct {
	Name       string      `xml:"name,attr"`
	Tests      int         `xml:"tests,attr"`
	Failures   int         `xml:"failures,attr"`
	Errors     int         `xml:"errors,attr"`
	Skipped    int         `xml:"skipped,attr"`
	Properties []xProperty `xml:"properties>property"`
	Cases      []xCase     `xml:"testcase"`
}

type xProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type xCase struct {
	Name      string    `xml:"name,attr"`
	Classname string    `xml:"classname,attr"`
	File      string    `xml:"file,attr"`
	Line      int       `xml:"line,attr"`
	Failure   *xOutcome `xml:"failure"`
	Error     *xOutcome `xml:"error"`
	Skipped   *xOutcome `xml:"skipped"`
}

type xOutcome struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// decodeJUnit checks that out is one well-formed XML document (every token, strict mode) and decodes it.
func decodeJUnit(t *testing.T, out []byte) xSuites {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "well-formed XML")
	}
	var doc xSuites
	require.NoError(t, xml.Unmarshal(out, &doc))
	return doc
}

// checkJUnitCounts asserts that every tests/failures/errors/skipped attribute matches the testcases.
func checkJUnitCounts(t *testing.T, doc xSuites) {
	t.Helper()
	var total [4]int
	for _, s := range doc.Suites {
		var n [4]int
		for _, c := range s.Cases {
			n[0]++
			outcomes := 0
			if c.Failure != nil {
				n[1]++
				outcomes++
			}
			if c.Error != nil {
				n[2]++
				outcomes++
			}
			if c.Skipped != nil {
				n[3]++
				outcomes++
			}
			assert.LessOrEqual(t, outcomes, 1, "testcase %s/%s has one outcome at most", s.Name, c.Name)
		}
		assert.Equal(t, n, [4]int{s.Tests, s.Failures, s.Errors, s.Skipped}, "counts of suite %s", s.Name)
		for i := range total {
			total[i] += n[i]
		}
	}
	assert.Equal(t, total, [4]int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped}, "counts of testsuites")
}

func findCase(t *testing.T, doc xSuites, classname, name string) xCase {
	t.Helper()
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Classname == classname && c.Name == name {
				return c
			}
		}
	}
	require.Failf(t, "testcase not found", "%s %s", classname, name)
	return xCase{}
}

func TestJUnitContent(t *testing.T) {
	out := render(t, "junit", Options{}, fixtureReport())
	assert.True(t, strings.HasPrefix(string(out), `<?xml version="1.0" encoding="UTF-8"?>`+"\n<testsuites "))
	doc := decodeJUnit(t, out)
	checkJUnitCounts(t, doc)

	// 11 results and 2 sources: 2 failures, 2 unknowns + 2 unreadable sources in error, 2 waived and
	// 1 not applicable skipped.
	assert.Equal(t, "vigil", doc.Name)
	assert.Equal(t, [4]int{13, 2, 4, 3}, [4]int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped})

	// One suite per rule in id order, then the sources.
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name)
	}
	assert.Equal(t, []string{
		"IAM.4 IAM users have no directly attached managed policies",
		"RDS.2 RDS instances keep automated backups for at least 7 days",
		"RDS.5 RDS instances are not publicly accessible",
		"S3.1 S3 buckets have versioning enabled",
		"S3.2 S3 buckets encrypt objects at rest",
		"S3.4 S3 buckets block public access",
		"vigil sources",
	}, names)
	assert.Contains(t, doc.Suites[5].Properties, xProperty{Name: "controls.iso27001-2022", Value: "5.15, 8.3"})
	assert.Contains(t, doc.Suites[5].Properties, xProperty{Name: "severity", Value: "high"})

	fail := findCase(t, doc, "S3.4", "aws_s3_bucket.public")
	require.NotNil(t, fail.Failure)
	assert.Equal(t, "high", fail.Failure.Type)
	assert.True(t, strings.HasPrefix(fail.Failure.Message, "Public access is not fully blocked"))
	assert.Equal(t, "infra/storage/s3.tf", fail.File)
	assert.Equal(t, 12, fail.Line)
	for _, want := range []string{
		"Location:    infra/storage/s3.tf:12-30",
		"Controls:    ISO 27001: 5.15, 8.3 · 800-53: AC-3, AC-6 · CSF 2.0: PR.AA-05",
		"Remediation: Add an aws_s3_bucket_public_access_block",
		"Baseline:    new",
	} {
		assert.Contains(t, fail.Failure.Text, want)
	}

	live := findCase(t, doc, "RDS.5", "arn:aws:rds:eu-west-1:123456789012:db:orders")
	require.NotNil(t, live.Failure)
	assert.Equal(t, "critical", live.Failure.Type)
	assert.Empty(t, live.File)
	assert.Zero(t, live.Line)

	unknown := findCase(t, doc, "S3.2", "module.logs.aws_s3_bucket.this")
	require.NotNil(t, unknown.Error, "unknown is an error, never a pass")
	assert.Equal(t, "unknown", unknown.Error.Type)
	assert.True(t, strings.HasPrefix(unknown.Error.Message, "could not assess: "))
	assert.Contains(t, unknown.Error.Text, "Missing:     encryption.algorithm, encryption.enabled")

	waived := findCase(t, doc, "IAM.4", "aws_iam_user.ci")
	require.NotNil(t, waived.Skipped)
	assert.Equal(t, "waived: Legacy CI user, replaced by an OIDC role next quarter.", waived.Skipped.Message)
	assert.Contains(t, waived.Skipped.Text, "waiver legacy-ci-user until 2025-09-30")
	assert.Contains(t, waived.Skipped.Text, "Status:      waived (was fail)")

	pass := findCase(t, doc, "S3.1", "aws_s3_bucket.assets")
	assert.Nil(t, pass.Failure)
	assert.Nil(t, pass.Error)
	assert.Nil(t, pass.Skipped)

	parse := findCase(t, doc, "sources", "terraform infra (7 files)")
	require.NotNil(t, parse.Error)
	assert.Equal(t, "parse", parse.Error.Type)
	assert.Equal(t, "infra/network/main.tf", parse.File)
	assert.Contains(t, parse.Error.Text, "infra/network/main.tf:14:17: Invalid expression")
}

func TestJUnitSources(t *testing.T) {
	complete := &engine.Report{Tool: "vigil", Complete: true,
		Sources: []inventory.Source{{Kind: inventory.SourceTerraform, Path: "infra", Files: 3}}}
	doc := decodeJUnit(t, render(t, "junit", Options{}, complete))
	checkJUnitCounts(t, doc)
	require.Len(t, doc.Suites, 1)
	assert.Equal(t, [4]int{1, 0, 0, 0}, [4]int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped})

	// Marked incomplete without a source error: still an error, so the CI tab is not green.
	unexplained := &engine.Report{Tool: "vigil", Complete: false}
	doc = decodeJUnit(t, render(t, "junit", Options{}, unexplained))
	checkJUnitCounts(t, doc)
	assert.Equal(t, 1, doc.Errors)
	assert.Equal(t, "engine", doc.Suites[0].Cases[0].Name)
}

// TestJUnitHostileText feeds text that XML cannot carry as it is: markup, a CDATA terminator, control
// characters and invalid UTF-8. The document must stay well-formed and the text readable.
func TestJUnitHostileText(t *testing.T) {
	msg := "a <b> & \"c\" ]]> d\x1b[31m\x00 \xff e"
	r := &engine.Report{Tool: "vigil", Complete: true, Results: []engine.Result{{
		RuleID: "X.1", RuleTitle: "<rule> & co", Severity: engine.SeverityHigh, Status: engine.StatusFail,
		ResourceID: "aws_s3_bucket.\"q\"", Message: msg, Location: &inventory.Location{File: "a&b.tf", StartLine: 1},
	}}}
	out := render(t, "junit", Options{}, r)
	doc := decodeJUnit(t, out)
	checkJUnitCounts(t, doc)
	c := findCase(t, doc, "X.1", "aws_s3_bucket.\"q\"")
	require.NotNil(t, c.Failure)
	assert.Equal(t, "a <b> & \"c\" ]]> d\uFFFD[31m\uFFFD \uFFFD e", c.Failure.Message)
	assert.Contains(t, c.Failure.Text, "a <b> & \"c\" ]]> d\uFFFD[31m\uFFFD \uFFFD e")
	assert.Equal(t, "a&b.tf", c.File)
	assert.Equal(t, "X.1 <rule> & co", doc.Suites[0].Name, "a result without a listed rule still gets a suite")
}

// A name, message or waiver reason with a line break must not start a line of the CDATA detail: a CI log
// that prints the file would run a line "::error::..." as a workflow command.
func TestJUnitDetailKeepsValuesOnTheirLine(t *testing.T) {
	const hostile = "x\n::error::pwned\r\n  ::add-mask::y"
	r := &engine.Report{Tool: "vigil", Complete: true, Results: []engine.Result{{
		RuleID: "X.1", RuleTitle: "t" + hostile, Severity: engine.SeverityHigh, Status: engine.StatusWaived,
		OriginalStatus: engine.StatusFail, ResourceID: "aws_s3_bucket." + hostile, Message: "m" + hostile,
		Location: &inventory.Location{File: hostile + ".tf", StartLine: 1},
		Waiver:   &engine.Waiver{ID: "w" + hostile, Reason: "r" + hostile, Owner: "o" + hostile},
	}}}
	out := render(t, "junit", Options{}, r)
	for _, l := range strings.Split(string(out), "\n") {
		assert.False(t, strings.HasPrefix(strings.TrimSpace(l), "::"), "line starts with '::': %q", l)
	}
	c := findCase(t, decodeJUnit(t, out), "X.1", "aws_s3_bucket."+hostile)
	require.NotNil(t, c.Skipped)
	assert.Contains(t, c.Skipped.Text, `Reason:      rx\n::error::pwned\r\n  ::add-mask::y`)
}

func TestXMLSafe(t *testing.T) {
	assert.Equal(t, "plain\ttext\n", xmlSafe("plain\ttext\n"))
	assert.Equal(t, "é ✓ 𝄞", xmlSafe("é ✓ 𝄞"))
	assert.Equal(t, "\uFFFD\uFFFD", xmlSafe("\x00\x1f"))
	assert.Equal(t, "a\uFFFDb", xmlSafe("a\xc3b"))
	assert.Equal(t, "\uFFFD", xmlSafe("\uFFFE"))
}
