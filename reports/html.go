package reports

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// The html format is one self-contained page: the template and its stylesheet are embedded, charts are
// inline SVG computed here, and drill-down uses <details>, so the page needs no script at all. Its
// Content-Security-Policy forbids every fetch (default-src 'none') and every script: resource names,
// messages and evidence come from other people's Terraform, and even a value that slipped past
// html/template's escaping could load nothing and run nothing.

//go:embed html/report.tmpl html/report.css
var htmlFiles embed.FS

// htmlCSP is the page's Content-Security-Policy: inline styles and data: images only.
const htmlCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

// maxEvidenceChars caps one evidence value in the page; the json format carries it whole.
const maxEvidenceChars = 2000

var htmlTemplate = template.Must(template.New("report.tmpl").Funcs(template.FuncMap{
	"css": func() template.CSS { return template.CSS(htmlCSS) },
}).ParseFS(htmlFiles, "html/report.tmpl"))

var htmlCSS = func() string {
	b, err := htmlFiles.ReadFile("html/report.css")
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	return string(b)
}()

type htmlRenderer struct{ previous *engine.Report }

func newHTML(opts Options) Renderer { return htmlRenderer{previous: opts.Previous} }

// Render writes the report as one HTML page.
func (h htmlRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	view, err := buildHTMLView(r, h.previous)
	if err != nil {
		return err
	}
	return executeHTML(w, view)
}

// RenderDRHTML writes a page with the DR posture alone (vigil dr --format html): the DR section of the
// html format, with its summary per system.
func RenderDRHTML(ctx context.Context, w io.Writer, p *engine.DRPosture, version string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("render DR posture: %w", err)
	}
	if p == nil {
		return fmt.Errorf("render DR posture: nil posture")
	}
	at := p.At.UTC().Format(time.RFC3339)
	view := &htmlView{CSP: htmlCSP, Title: "vigil DR posture", Version: version, Generated: at, DROnly: true,
		DR: buildDRView(p)}
	return executeHTML(w, view)
}

func executeHTML(w io.Writer, view *htmlView) error {
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, view); err != nil {
		return fmt.Errorf("render html report: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

// htmlView is everything the template shows, computed from the report: the template only lays it out.
type htmlView struct {
	CSP       string
	Title     string
	Version   string
	Generated string
	// DROnly is a page of the DR posture alone.
	DROnly   bool
	Verdict  htmlVerdict
	Counts   htmlCounts
	Trend    *htmlTrend
	Posture  []htmlFramework
	Services htmlServiceChart
	Rules    []htmlRule
	DR       *htmlDR
	// SoA is the ISO/IEC 27001:2022 Statement of Applicability draft, when the report covers it.
	SoA     []SoARow
	Waivers []htmlWaiver
	Sources []htmlSource
	// Incomplete is true when a source could not be read completely.
	Incomplete bool
	Gaps       int
	// DRCounts is DR, for the verdict.
	DRCounts *htmlDR
}

type htmlVerdict struct {
	Class, Headline, Detail string
}

type htmlCounts struct {
	Resources, Results, Fail, Unknown, Waived, Pass, NotApplicable int
	// FailBySeverity lists failing results per severity, most severe first, with zeroes.
	FailBySeverity []htmlSeverityCount
}

type htmlSeverityCount struct {
	Severity string
	Count    int
}

// htmlDelta is a change against the previous report; Class says whether it is better or worse.
type htmlDelta struct {
	Text, Class string
}

func delta(now, before int, moreIsBetter bool) htmlDelta {
	d := now - before
	switch {
	case d == 0:
		return htmlDelta{Text: "±0", Class: "same"}
	case (d > 0) == moreIsBetter:
		return htmlDelta{Text: fmt.Sprintf("%+d", d), Class: "better"}
	default:
		return htmlDelta{Text: fmt.Sprintf("%+d", d), Class: "worse"}
	}
}

type htmlTrend struct {
	Generated     string
	Fail, Unknown htmlDelta
	PrevFail      int
	PrevUnknown   int
}

// htmlFramework is one framework's posture and its control table.
type htmlFramework struct {
	ID, Title                                              string
	Total, Automated, FullyAutomated, PartlyAutomated      int
	Passing, Failing, Unknown, Waived, NotAssessed, Manual int
	Bar                                                    []htmlBarSegment
	PassingDelta                                           *htmlDelta
	Controls                                               []htmlControl
	ManualControls                                         []engine.Control
	ResultsPassing                                         string
	AutomatedPercent                                       string
}

// htmlBarSegment is one rectangle of an inline SVG bar.
type htmlBarSegment struct {
	X, Width float64
	Class    string
	Label    string
}

// bar lays out counts as segments of a bar width wide, in the order given; empty counts are left out.
func bar(width float64, parts []htmlBarPart) []htmlBarSegment {
	total := 0
	for _, p := range parts {
		total += p.n
	}
	if total == 0 {
		return nil
	}
	var out []htmlBarSegment
	x := 0.0
	for _, p := range parts {
		if p.n == 0 {
			continue
		}
		w := width * float64(p.n) / float64(total)
		out = append(out, htmlBarSegment{X: round1(x), Width: round1(w), Class: p.class, Label: fmt.Sprintf("%d %s", p.n, p.label)})
		x += w
	}
	return out
}

type htmlBarPart struct {
	n            int
	class, label string
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

type htmlControl struct {
	ID, Title, State, Class string
	Coverage                string
	Incomplete              bool
	Pass, Fail, Unknown     int
	Waived, NotApplicable   int
	Rules                   []htmlControlRule
}

// htmlControlRule is a rule under a control: its counts, and the results that are not passes.
type htmlControlRule struct {
	Anchor, ID, Title, Severity string
	Pass, Fail, Unknown, Waived int
	Findings                    []htmlResult
}

type htmlRule struct {
	Anchor, ID, Title, Severity, Description, Remediation string
	Controls                                              []string
	Pass, Fail, Unknown, Waived, NotApplicable            int
	Results                                               []htmlResult
}

type htmlResult struct {
	Status, Class, Severity  string
	Resource, Type, Location string
	Message                  string
	Evidence                 []htmlEvidence
	Missing                  []string
	Waiver                   string
	Baseline                 string
}

type htmlEvidence struct{ Key, Value string }

type htmlServiceChart struct {
	Rows          []htmlServiceRow
	Height, Width int
	Max           int
}

type htmlServiceRow struct {
	Service          string
	Critical, High   int
	Y                int
	CriticalW, HighW float64
	LabelX           float64
}

type htmlDR struct {
	Pass, Fail, Unknown int
	At                  string
	Systems             []htmlDRSystem
}

type htmlDRSystem struct {
	Name, Tier          string
	Pass, Fail, Unknown int
	ResourceCount       int
	Bar                 []htmlBarSegment
	Resources           []htmlDRResource
}

type htmlDRResource struct {
	Resource, Type, Assignment, Reason string
	Objectives                         []htmlDRObjective
}

type htmlDRObjective struct {
	Name, Status, Class, Objective, Achieved, Protection, Evidence, Reason string
	LiveEvidence                                                           []string
}

type htmlWaiver struct {
	ID, State, Class, Scope, Reason, Expires, Accountability string
	Matched                                                  int
}

type htmlSource struct {
	Name     string
	Complete bool
	Errors   []string
	Warnings []string
	Gaps     []string
	Notes    []string
}

// statusClass maps a status to its CSS class.
func statusClass(s string) string {
	switch s {
	case "fail", "failing":
		return "fail"
	case "unknown":
		return "unknown"
	case "waived":
		return "waived"
	case "pass", "passing":
		return "pass"
	default:
		return "other"
	}
}

func buildHTMLView(r *engine.Report, previous *engine.Report) (*htmlView, error) {
	v := &htmlView{CSP: htmlCSP, Title: "vigil compliance report", Version: r.Version}
	if r.GeneratedAt != nil {
		v.Generated = r.GeneratedAt.UTC().Format(time.RFC3339)
	}
	results := sortedResults(r.Results)
	v.Counts = htmlCounts{Resources: r.Summary.Resources, Results: len(results)}
	failing := map[engine.Severity]int{}
	for _, res := range results {
		switch res.Status {
		case engine.StatusFail:
			v.Counts.Fail++
			failing[res.Severity]++
		case engine.StatusUnknown:
			v.Counts.Unknown++
		case engine.StatusWaived:
			v.Counts.Waived++
		case engine.StatusPass:
			v.Counts.Pass++
		case engine.StatusNotApplicable:
			v.Counts.NotApplicable++
		}
	}
	for _, sev := range engine.Severities {
		v.Counts.FailBySeverity = append(v.Counts.FailBySeverity, htmlSeverityCount{Severity: string(sev), Count: failing[sev]})
	}
	v.Incomplete = incomplete(r)
	v.Gaps = len(reportGaps(r))
	if r.DR != nil {
		v.DR = buildDRView(r.DR)
		v.DRCounts = v.DR
	}
	v.Verdict = htmlVerdictOf(v, failing)
	if previous != nil {
		v.Trend = &htmlTrend{PrevFail: previous.Summary.ByStatus[engine.StatusFail],
			PrevUnknown: previous.Summary.ByStatus[engine.StatusUnknown]}
		if previous.GeneratedAt != nil {
			v.Trend.Generated = previous.GeneratedAt.UTC().Format(time.RFC3339)
		}
		v.Trend.Fail = delta(v.Counts.Fail, v.Trend.PrevFail, false)
		v.Trend.Unknown = delta(v.Counts.Unknown, v.Trend.PrevUnknown, false)
	}
	rules := sortedRules(r.Rules)
	anchors := make(map[string]string, len(rules))
	for i, rule := range rules {
		anchors[rule.ID] = fmt.Sprintf("rule-%d", i+1)
	}
	byRule := map[string][]htmlResult{}
	for _, res := range results {
		byRule[res.RuleID] = append(byRule[res.RuleID], htmlResultOf(res))
	}
	catalogs, err := engine.LoadCatalogs()
	if err != nil {
		return nil, err
	}
	for _, fw := range r.Summary.Frameworks {
		v.Posture = append(v.Posture, htmlFrameworkOf(r, fw, catalogs[fw.Framework], previous, rules, anchors, byRule))
		if fw.Framework == engine.FrameworkISO27001 && catalogs[fw.Framework] != nil {
			v.SoA = StatementOfApplicability(r, catalogs[fw.Framework])
		}
	}
	v.Services = serviceChart(results)
	for _, rule := range rules {
		v.Rules = append(v.Rules, htmlRuleOf(rule, anchors[rule.ID], byRule[rule.ID], frameworkOrder(r)))
	}
	for _, w := range r.Waivers {
		v.Waivers = append(v.Waivers, htmlWaiver{ID: w.ID, State: w.State, Class: waiverClass(w.State),
			Scope: waiverScope(&w.Waiver), Reason: w.Reason, Expires: waiverExpiry(&w.Waiver),
			Accountability: strings.Join(waiverAccountability(&w.Waiver), " · "), Matched: w.Matched})
	}
	for _, s := range r.Sources {
		v.Sources = append(v.Sources, htmlSourceOf(s))
	}
	return v, nil
}

func htmlVerdictOf(v *htmlView, failing map[engine.Severity]int) htmlVerdict {
	urgent := failing[engine.SeverityCritical] + failing[engine.SeverityHigh]
	var out htmlVerdict
	switch {
	case urgent > 0:
		out = htmlVerdict{Class: "fail", Headline: fmt.Sprintf("Action needed: %s critical or high", plural(urgent, "finding", "findings"))}
	case v.Counts.Fail > 0:
		out = htmlVerdict{Class: "fail", Headline: fmt.Sprintf("%s, none critical or high", plural(v.Counts.Fail, "failing finding", "failing findings"))}
	case v.Counts.Unknown > 0:
		out = htmlVerdict{Class: "unknown", Headline: fmt.Sprintf("No failure, but %d results could not be assessed", v.Counts.Unknown)}
	case v.Counts.Results == 0:
		out = htmlVerdict{Class: "unknown", Headline: "No results: nothing in scope was checked"}
	default:
		out = htmlVerdict{Class: "pass", Headline: "Every automated check passes"}
	}
	out.Detail = fmt.Sprintf("%d fail, %d unknown, %d waived, %d pass over %s.", v.Counts.Fail, v.Counts.Unknown,
		v.Counts.Waived, v.Counts.Pass, plural(v.Counts.Resources, "resource", "resources"))
	if v.Incomplete {
		out.Class = "unknown"
		out.Detail += " Some input could not be read: the results are incomplete and must not be read as a pass."
	}
	if v.DRCounts != nil {
		out.Detail += fmt.Sprintf(" DR objectives: %d met, %d missed, %d not proven.", v.DRCounts.Pass, v.DRCounts.Fail, v.DRCounts.Unknown)
	}
	if v.Gaps > 0 {
		out.Detail += fmt.Sprintf(" %s of the sources %s not evaluated.", plural(v.Gaps, "part", "parts"), map[bool]string{true: "was", false: "were"}[v.Gaps == 1])
	}
	return out
}

func htmlFrameworkOf(r *engine.Report, fw engine.FrameworkSummary, cat *engine.Catalog, previous *engine.Report,
	rules []engine.Rule, anchors map[string]string, byRule map[string][]htmlResult) htmlFramework {
	out := htmlFramework{ID: fw.Framework, Title: cmp.Or(fw.Title, engine.FrameworkTitle(fw.Framework)),
		Total: fw.ControlsTotal, Automated: fw.ControlsAutomated, FullyAutomated: fw.ControlsFullyAutomated,
		PartlyAutomated: fw.ControlsPartlyAutomated, Passing: fw.ControlsPassing,
		Failing: fw.ControlsFailing, Unknown: fw.ControlsUnknown, Waived: fw.ControlsWaived,
		NotAssessed: fw.ControlsNotAssessed, Manual: fw.ControlsManual, ResultsPassing: resultsPassing(fw.ControlFigures)}
	if fw.ControlsTotal > 0 {
		out.AutomatedPercent = fmt.Sprintf("%.0f%%", 100*float64(fw.ControlsAutomated)/float64(fw.ControlsTotal))
	}
	out.Bar = bar(400, []htmlBarPart{{fw.ControlsPassing, "pass", "passing"}, {fw.ControlsFailing, "fail", "failing"},
		{fw.ControlsUnknown, "unknown", "unknown"}, {fw.ControlsWaived, "waived", "waived"},
		{fw.ControlsNotAssessed, "other", "not assessed"}, {fw.ControlsManual, "manual", "manual evidence required"}})
	if previous != nil {
		for _, p := range previous.Summary.Frameworks {
			if p.Framework == fw.Framework {
				d := delta(fw.ControlsPassing, p.ControlsPassing, true)
				out.PassingDelta = &d
			}
		}
	}
	if cat == nil {
		return out
	}
	ruleByID := make(map[string]engine.Rule, len(rules))
	for _, rule := range rules {
		ruleByID[rule.ID] = rule
	}
	for _, cs := range engine.ControlStatuses(r, cat) {
		if cs.State == engine.ControlManual {
			out.ManualControls = append(out.ManualControls, cs.Control)
			continue
		}
		c := htmlControl{ID: cs.ID, Title: cs.Title, State: string(cs.State), Class: statusClass(string(cs.State)),
			Coverage:   cs.Coverage.Label(),
			Incomplete: cs.Incomplete, Pass: cs.Pass, Fail: cs.Fail, Unknown: cs.Unknown, Waived: cs.Waived,
			NotApplicable: cs.NotApplicable}
		ids := slices.Clone(cs.Rules)
		slices.SortFunc(ids, compareIDs)
		for _, id := range ids {
			rule := ruleByID[id]
			cr := htmlControlRule{Anchor: anchors[id], ID: id, Title: rule.Title, Severity: string(rule.Severity)}
			for _, res := range byRule[id] {
				switch res.Status {
				case string(engine.StatusPass):
					cr.Pass++
				case string(engine.StatusFail):
					cr.Fail++
				case string(engine.StatusUnknown):
					cr.Unknown++
				case string(engine.StatusWaived):
					cr.Waived++
				}
				if res.Status == string(engine.StatusFail) || res.Status == string(engine.StatusUnknown) {
					cr.Findings = append(cr.Findings, res)
				}
			}
			c.Rules = append(c.Rules, cr)
		}
		out.Controls = append(out.Controls, c)
	}
	return out
}

func htmlRuleOf(rule engine.Rule, anchor string, results []htmlResult, frameworks []string) htmlRule {
	out := htmlRule{Anchor: anchor, ID: rule.ID, Title: rule.Title, Severity: string(rule.Severity),
		Description: rule.Description, Remediation: rule.Remediation, Results: results}
	for _, fw := range frameworks {
		if ids := rule.Controls[fw]; len(ids) > 0 {
			out.Controls = append(out.Controls, frameworkLabel(fw)+" "+strings.Join(ids, ", "))
		}
	}
	for _, res := range results {
		switch engine.Status(res.Status) {
		case engine.StatusPass:
			out.Pass++
		case engine.StatusFail:
			out.Fail++
		case engine.StatusUnknown:
			out.Unknown++
		case engine.StatusWaived:
			out.Waived++
		case engine.StatusNotApplicable:
			out.NotApplicable++
		}
	}
	return out
}

func htmlResultOf(res engine.Result) htmlResult {
	out := htmlResult{Status: string(res.Status), Class: statusClass(string(res.Status)), Severity: string(res.Severity),
		Resource: res.ResourceID, Type: res.ResourceType, Location: res.Where().String(), Message: res.Message,
		Missing: res.Missing, Baseline: res.Baseline}
	if res.Waiver != nil {
		out.Waiver = waiverValidity(res.Waiver)
	}
	keys := make([]string, 0, len(res.Evidence))
	for k := range res.Evidence {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out.Evidence = append(out.Evidence, htmlEvidence{Key: k, Value: evidenceText(res.Evidence[k])})
	}
	return out
}

// evidenceText is an evidence value as compact JSON, capped at maxEvidenceChars.
func evidenceText(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // html/template escapes; escaping twice would show \u003c
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("%v", v)
	}
	s := strings.TrimSuffix(buf.String(), "\n")
	if n := len([]rune(s)); n > maxEvidenceChars {
		s = string([]rune(s)[:maxEvidenceChars]) + fmt.Sprintf("… (%d more characters; the json report has them all)", n-maxEvidenceChars)
	}
	return s
}

// serviceOf is the AWS service of a canonical resource type: "aws.s3.bucket" gives "s3".
func serviceOf(resourceType string) string {
	parts := strings.Split(resourceType, ".")
	if len(parts) >= 2 {
		return parts[1]
	}
	return resourceType
}

// serviceChart counts failing critical and high results per service, as rows of a horizontal bar chart.
func serviceChart(results []engine.Result) htmlServiceChart {
	counts := map[string]*htmlServiceRow{}
	for _, res := range results {
		if res.Status != engine.StatusFail || res.Severity.Rank() < engine.SeverityHigh.Rank() {
			continue
		}
		svc := serviceOf(res.ResourceType)
		row := counts[svc]
		if row == nil {
			row = &htmlServiceRow{Service: svc}
			counts[svc] = row
		}
		if res.Severity == engine.SeverityCritical {
			row.Critical++
		} else {
			row.High++
		}
	}
	chart := htmlServiceChart{Width: 440}
	for _, row := range counts {
		chart.Rows = append(chart.Rows, *row)
		chart.Max = max(chart.Max, row.Critical+row.High)
	}
	slices.SortFunc(chart.Rows, func(a, b htmlServiceRow) int {
		return cmp.Or(cmp.Compare(b.Critical+b.High, a.Critical+a.High), cmp.Compare(a.Service, b.Service))
	})
	const labelWidth, barWidth, rowHeight = 110.0, 200.0, 24
	for i := range chart.Rows {
		row := &chart.Rows[i]
		row.Y = i * rowHeight
		row.CriticalW = round1(barWidth * float64(row.Critical) / float64(chart.Max))
		row.HighW = round1(barWidth * float64(row.High) / float64(chart.Max))
		row.LabelX = round1(labelWidth + row.CriticalW + row.HighW + 6)
	}
	chart.Height = len(chart.Rows) * rowHeight
	return chart
}

func buildDRView(p *engine.DRPosture) *htmlDR {
	counts := p.Counts()
	out := &htmlDR{Pass: counts["pass"], Fail: counts["fail"], Unknown: counts["unknown"], At: p.At.UTC().Format(time.RFC3339)}
	bySystem := map[string]*htmlDRSystem{}
	var order []string
	add := func(key, name, tier string, r engine.DRResourcePosture) {
		sys := bySystem[key]
		if sys == nil {
			sys = &htmlDRSystem{Name: name, Tier: tier}
			bySystem[key] = sys
			order = append(order, key)
		}
		res := htmlDRResource{Resource: r.Resource, Type: r.Type, Assignment: r.Assignment, Reason: r.Reason}
		for _, name := range drObjectiveNames(r.Objectives) {
			o := r.Objectives[name]
			switch o.Status {
			case "pass":
				sys.Pass++
			case "fail":
				sys.Fail++
			case "unknown":
				sys.Unknown++
			}
			achieved := o.Achieved
			if o.AchievedMinutes != nil {
				achieved = fmt.Sprintf("%s (%d min)", o.Achieved, *o.AchievedMinutes)
			}
			if o.ObservedMinutes != nil {
				achieved += fmt.Sprintf("; observed %d min", *o.ObservedMinutes)
			}
			res.Objectives = append(res.Objectives, htmlDRObjective{Name: name, Status: o.Status, Class: statusClass(o.Status),
				Objective: o.Objective, Achieved: achieved, Protection: o.Protection, Evidence: o.Evidence,
				Reason: o.Reason, LiveEvidence: o.LiveEvidence})
		}
		sys.Resources = append(sys.Resources, res)
	}
	resources := slices.Clone(p.Resources)
	slices.SortStableFunc(resources, func(a, b engine.DRResourcePosture) int { return strings.Compare(a.Resource, b.Resource) })
	for _, r := range resources {
		switch {
		case r.System != nil:
			tier := ""
			if r.Tier != nil {
				tier = *r.Tier
			}
			add("1 "+*r.System, *r.System, tier, r)
		case r.Tier != nil:
			add("2", "no system (tier by tag)", "", r)
		default:
			add("3", "no tier", "", r)
		}
	}
	slices.Sort(order)
	for _, key := range order {
		sys := bySystem[key]
		sys.ResourceCount = len(sys.Resources)
		sys.Bar = bar(200, []htmlBarPart{{sys.Pass, "pass", "met"}, {sys.Fail, "fail", "missed"}, {sys.Unknown, "unknown", "unknown"}})
		out.Systems = append(out.Systems, *sys)
	}
	return out
}

// drObjectiveNames lists the objectives in display order, unknown names last, sorted.
func drObjectiveNames(objectives map[string]engine.DRObjective) []string {
	var out, rest []string
	for _, name := range engine.DRObjectiveNames {
		if _, ok := objectives[name]; ok {
			out = append(out, name)
		}
	}
	for name := range objectives {
		if !slices.Contains(engine.DRObjectiveNames, name) {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func waiverClass(state string) string {
	switch state {
	case engine.WaiverExpired:
		return "fail"
	case engine.WaiverUnused:
		return "unknown"
	default:
		return "waived"
	}
}

func htmlSourceOf(s inventory.Source) htmlSource {
	out := htmlSource{Name: sourceName(s), Complete: s.Complete(), Notes: s.Notes}
	for _, i := range s.Errors {
		out.Errors = append(out.Errors, i.String())
	}
	for _, i := range s.Warnings {
		out.Warnings = append(out.Warnings, i.String())
	}
	for _, i := range s.Gaps {
		out.Gaps = append(out.Gaps, i.String())
	}
	return out
}
