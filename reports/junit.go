package reports

import (
	"bufio"
	"cmp"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-audit/vigil/engine"
)

// junitRenderer writes JUnit XML for the test tabs of CI systems (GitLab merge requests, Jenkins, Azure
// Pipelines, GitHub test-report actions): one testsuite per rule and one testcase per resource it was
// evaluated on. A failure is a <failure>; a result that could not be assessed is an <error> (CI systems show
// errors as broken, never as passed, and unknown is not a pass); a waived result is <skipped> with the
// waiver's reason, and so is a not applicable result with the rule's reason; a pass is a plain testcase. A last testsuite, "vigil sources", has one testcase per
// source, in error when the source could not be read completely, so an incomplete scan is red too.
type junitRenderer struct{}

func newJUnit(Options) Renderer { return junitRenderer{} }

// JUnit has no schema of its own; these elements and attributes are the common ground of the Ant/Surefire
// layout that CI systems read. file and line on a testcase are an extension most of them understand.
type junitTestSuites struct {
	XMLName xml.Name `xml:"testsuites"`
	Name    string   `xml:"name,attr"`
	junitCounts
	Suites []junitTestSuite `xml:"testsuite"`
}

type junitCounts struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
}

type junitTestSuite struct {
	Name string `xml:"name,attr"`
	junitCounts
	Timestamp  string           `xml:"timestamp,attr,omitempty"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitTestCase  `xml:"testcase"`
}

// junitProperties is a pointer in its suite so that a suite without properties has no empty element.
type junitProperties struct {
	Items []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitOutcome `xml:"failure,omitempty"`
	Error     *junitOutcome `xml:"error,omitempty"`
	Skipped   *junitOutcome `xml:"skipped,omitempty"`
}

// junitOutcome is the body of <failure>, <error> or <skipped>: a one-line message, a type, and the detail
// as CDATA so that it stays readable in the file.
type junitOutcome struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Detail  string `xml:",cdata"`
}

// junitSourcesSuite names the testsuite that reports on the sources rather than on a rule.
const junitSourcesSuite = "vigil sources"

// Render writes the XML declaration and the <testsuites> document, indented, followed by a newline.
func (junitRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	doc := buildJUnit(r)
	bw := bufio.NewWriter(w)
	_, _ = bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit report: %w", err)
	}
	_ = bw.WriteByte('\n')
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write junit report: %w", err)
	}
	return nil
}

func buildJUnit(r *engine.Report) junitTestSuites {
	frameworks := frameworkOrder(r)
	var timestamp string
	if r.GeneratedAt != nil {
		timestamp = r.GeneratedAt.UTC().Format(time.RFC3339)
	}
	rules := sortedRules(r.Rules)
	byRule := map[string][]engine.Result{}
	for _, res := range sortedResults(r.Results) {
		byRule[res.RuleID] = append(byRule[res.RuleID], res)
	}
	// Results whose rule the report does not list still get a suite, described from the result.
	listed := map[string]bool{}
	for _, rule := range rules {
		listed[rule.ID] = true
	}
	for _, res := range sortedResults(r.Results) {
		if !listed[res.RuleID] {
			listed[res.RuleID] = true
			rules = append(rules, engine.Rule{ID: res.RuleID, Title: res.RuleTitle, Severity: res.Severity, Controls: res.Controls})
		}
	}

	doc := junitTestSuites{Name: xmlSafe(cmp.Or(r.Tool, "vigil"))}
	for _, rule := range rules {
		suite := junitTestSuite{
			Name:       xmlSafe(junitSuiteName(rule)),
			Timestamp:  timestamp,
			Properties: junitRuleProperties(rule, frameworks),
		}
		for _, res := range byRule[rule.ID] {
			suite.add(junitCase(rule, res, frameworks))
		}
		doc.add(suite)
	}
	doc.add(junitSources(r, timestamp))
	return doc
}

func (s *junitTestSuite) add(tc junitTestCase) {
	s.Cases = append(s.Cases, tc)
	s.Tests++
	switch {
	case tc.Failure != nil:
		s.Failures++
	case tc.Error != nil:
		s.Errors++
	case tc.Skipped != nil:
		s.Skipped++
	}
}

func (d *junitTestSuites) add(s junitTestSuite) {
	d.Suites = append(d.Suites, s)
	d.Tests += s.Tests
	d.Failures += s.Failures
	d.Errors += s.Errors
	d.Skipped += s.Skipped
}

func junitSuiteName(rule engine.Rule) string {
	if rule.Title == "" {
		return rule.ID
	}
	return rule.ID + " " + rule.Title
}

// junitRuleProperties describes the rule once per suite: severity, controls per framework, remediation.
func junitRuleProperties(rule engine.Rule, frameworks []string) *junitProperties {
	props := []junitProperty{{Name: "rule", Value: rule.ID}, {Name: "severity", Value: string(rule.Severity)}}
	for _, fw := range orderedFrameworks(rule.Controls, frameworks) {
		props = append(props, junitProperty{Name: "controls." + fw, Value: strings.Join(rule.Controls[fw], ", ")})
	}
	if rule.Remediation != "" {
		props = append(props, junitProperty{Name: "remediation", Value: rule.Remediation})
	}
	if rule.File != "" {
		props = append(props, junitProperty{Name: "policy", Value: rule.File})
	}
	for i := range props {
		props[i].Value = xmlSafe(props[i].Value)
	}
	return &junitProperties{Items: props}
}

// junitCase turns one result into a testcase named after the resource, classed under its rule.
func junitCase(rule engine.Rule, res engine.Result, frameworks []string) junitTestCase {
	where := res.Where()
	tc := junitTestCase{
		Name:      xmlSafe(res.ResourceID),
		Classname: xmlSafe(res.RuleID),
		File:      xmlSafe(where.File),
		Line:      where.StartLine,
	}
	if where.File == "" {
		tc.Line = 0
	}
	switch res.Status {
	case engine.StatusFail:
		tc.Failure = &junitOutcome{
			Message: xmlSafe(oneLine(res.Message)),
			Type:    xmlSafe(severityName(res.Severity)),
			Detail:  xmlSafe(junitDetail(rule, res, frameworks)),
		}
	case engine.StatusUnknown:
		tc.Error = &junitOutcome{
			Message: xmlSafe(oneLine("could not assess: " + res.Message)),
			Type:    string(engine.StatusUnknown),
			Detail:  xmlSafe(junitDetail(rule, res, frameworks)),
		}
	case engine.StatusWaived:
		reason := res.Message
		if res.Waiver != nil {
			reason = res.Waiver.Reason
		}
		tc.Skipped = &junitOutcome{
			Message: xmlSafe(oneLine("waived: " + reason)),
			Detail:  xmlSafe(junitDetail(rule, res, frameworks)),
		}
	case engine.StatusNotApplicable:
		tc.Skipped = &junitOutcome{
			Message: xmlSafe(oneLine("not applicable: " + res.Message)),
			Detail:  xmlSafe(junitDetail(rule, res, frameworks)),
		}
	}
	return tc
}

// lineBreaksEscaped writes the line breaks of a value as \n and \r: the detail is CDATA, printed as it is,
// and a resource name or waiver reason from the scanned code must not start a line of its own (a CI log
// that shows the file would run "::error::..." as a workflow command).
var lineBreaksEscaped = strings.NewReplacer("\r", `\r`, "\n", `\n`)

// junitDetail is the text a CI system shows when a testcase is opened: where to fix it, what was found,
// which controls it evidences and how to fix it.
func junitDetail(rule engine.Rule, res engine.Result, frameworks []string) string {
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-12s %s\n", label+":", lineBreaksEscaped.Replace(value))
		}
	}
	title := res.RuleID + " " + cmp.Or(res.RuleTitle, rule.Title)
	fmt.Fprintf(&b, "%s (%s)\n", lineBreaksEscaped.Replace(strings.TrimSpace(title)), severityName(res.Severity))
	line("Resource", strings.TrimSpace(res.ResourceID+" "+parenthesized(res.ResourceType)))
	line("Location", res.Where().String())
	line("Status", junitStatus(res))
	line("Baseline", res.Baseline)
	line("Message", res.Message)
	if len(res.Missing) > 0 {
		line("Missing", strings.Join(res.Missing, ", "))
	}
	if w := res.Waiver; w != nil {
		line("Waiver", strings.Join(append([]string{waiverValidity(w)}, waiverAccountability(w)...), " · "))
		line("Reason", w.Reason)
	}
	line("Controls", controlsText(res.Controls, frameworks))
	if res.Status != engine.StatusWaived {
		line("Remediation", rule.Remediation)
	}
	return b.String()
}

func junitStatus(res engine.Result) string {
	if res.OriginalStatus != "" {
		return fmt.Sprintf("%s (was %s)", res.Status, res.OriginalStatus)
	}
	return string(res.Status)
}

// junitSources reports each source as a testcase: a source read without error passes, one with errors is
// in error and lists them all. A report the engine marked incomplete without naming a source gets an
// "engine" testcase in error, so the count of errors never hides an incomplete scan.
func junitSources(r *engine.Report, timestamp string) junitTestSuite {
	suite := junitTestSuite{Name: junitSourcesSuite, Timestamp: timestamp}
	for _, s := range r.Sources {
		tc := junitTestCase{Name: xmlSafe(sourceName(s)), Classname: "sources"}
		if !s.Complete() {
			var detail strings.Builder
			for _, issue := range s.Errors {
				detail.WriteString(issue.String() + "\n")
			}
			first := s.Errors[0]
			tc.File = xmlSafe(first.File)
			if first.File != "" {
				tc.Line = first.Line
			}
			tc.Error = &junitOutcome{
				Message: xmlSafe(fmt.Sprintf("could not be read completely (%s); findings may be missing",
					plural(s.ErrorCount(), "error", "errors"))),
				Type:   xmlSafe(cmp.Or(first.Code, "incomplete")),
				Detail: xmlSafe(detail.String()),
			}
		}
		suite.add(tc)
	}
	for _, g := range reportGaps(r) {
		suite.add(junitGap(g))
	}
	if incomplete(r) && !hasSourceErrors(r) {
		suite.add(junitTestCase{Name: "engine", Classname: "sources", Error: &junitOutcome{
			Message: "the report is marked incomplete; findings may be missing",
			Type:    "incomplete",
		}})
	}
	return suite
}

func parenthesized(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// oneLine joins a text's lines and runs of spaces, for attributes that CI systems show as a title.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// xmlSafe replaces what XML 1.0 cannot carry at all (most control characters, invalid UTF-8) with U+FFFD.
// encoding/xml escapes markup but writes CDATA as it is, so the text is cleaned before it gets there.
func xmlSafe(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !xmlChar(r) }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if xmlChar(r) {
			return r
		}
		return utf8.RuneError
	}, s)
}

// xmlChar reports whether r may appear in an XML 1.0 document (the Char production). Ranging over a
// string yields utf8.RuneError for invalid bytes, which is allowed and replaces them.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
