package reports

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// SARIF constants. The fingerprint key is versioned: change it if the engine's fingerprint ever changes
// meaning, so that code-scanning services do not match old alerts to new ones.
const (
	sarifSchemaURI      = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifInformationURI = "https://github.com/vigil-audit/vigil"
	sarifFingerprint    = "vigil/v1"
	sarifSrcRoot        = "%SRCROOT%"
)

// sarifRenderer writes SARIF 2.1.0: one run whose driver lists every rule of the report. Failures are results
// of kind "fail"; unknowns are results of kind "review" (a person must look: the data was missing); waived
// results carry an accepted suppression justified by the waiver's reason; passes are not SARIF results
// (SARIF has "pass" but code-scanning services would list them as alerts). A result compared with a
// baseline has its baselineState. Source errors make the invocation unsuccessful and become notifications,
// so a CI viewer shows that the scan was incomplete; expired and unused waivers are configuration
// notifications.
type sarifRenderer struct{}

func newSARIF(Options) Renderer { return sarifRenderer{} }

// Render writes the SARIF log as indented JSON followed by a newline.
//
// go-sarif builds a whole log in memory before it writes it, which for millions of results would hold
// them a second time as SARIF objects and a third time as JSON. So the library writes the log around an
// empty result list, and the results are written into that list in canonical order, each built, encoded
// exactly as the library would encode it (as json.MarshalIndent does) and dropped, in chunks on every core
// (writeJSONResults).
func (sarifRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	if err := writeSARIF(ctx, w, r); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}

// sarifResultsMarker is the run's empty result list as json.MarshalIndent writes it: a key of the only
// run, so on its own line at three levels of indentation, where no string (newlines are escaped) and no
// deeper key can imitate it.
const sarifResultsMarker = "\n      \"results\": []"

func writeSARIF(ctx context.Context, w io.Writer, r *engine.Report) error {
	order := resultOrder(r.Results)
	run := buildRun(r, order)
	log := sarif.NewReport()
	log.Schema = sarifSchemaURI
	log.AddRun(run)
	var buf bytes.Buffer
	if err := log.PrettyWrite(&buf); err != nil {
		return err
	}
	buf.WriteByte('\n')
	doc := buf.Bytes()
	at := bytes.Index(doc, []byte(sarifResultsMarker))
	if at < 0 {
		return errors.New("results list not found in the encoded run")
	}
	at += len(sarifResultsMarker) - 1 // just before the closing bracket
	ruleIndex := make(map[string]int, len(run.Tool.Driver.Rules))
	for i, rule := range run.Tool.Driver.Rules {
		if rule.ID != nil {
			if _, dup := ruleIndex[*rule.ID]; !dup {
				ruleIndex[*rule.ID] = i // GetRuleIndex's answer: the first rule of that id
			}
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(doc[:at])
	// The encoders escape HTML as json.MarshalIndent does. Passes are not SARIF results.
	wrote, err := writeJSONResults(ctx, bw, r, order, "        ", true, nil, func(res *engine.Result) any {
		if res.Status == engine.StatusPass {
			return nil
		}
		idx, ok := ruleIndex[res.RuleID]
		if !ok {
			idx = -1
		}
		return sarifResult(idx, res)
	})
	if err != nil {
		return err
	}
	if wrote {
		bw.WriteString("\n      ")
	}
	bw.Write(doc[at:])
	return bw.Flush() // a bufio.Writer keeps its first error: Flush returns it
}

// buildRun builds the run without its results: the driver's rules, the invocation and the properties.
// order is the canonical order of r's results, in which a result whose rule the report does not list
// adds that rule after the listed ones.
func buildRun(r *engine.Report, order []int32) *sarif.Run {
	run := sarif.NewRunWithInformationURI(cmp.Or(r.Tool, "vigil"), sarifInformationURI)
	if r.Version != "" {
		run.Tool.Driver.WithVersion(r.Version)
	}
	// Issue columns come from HCL, which counts characters.
	run.WithColumnKind("unicodeCodePoints")
	frameworks := frameworkOrder(r)

	listed := map[string]bool{}
	for _, rule := range sortedRules(r.Rules) {
		addSARIFRule(run, rule, frameworks)
		listed[rule.ID] = true
	}
	for _, i := range order {
		res := &r.Results[i]
		if res.Status == engine.StatusPass || listed[res.RuleID] {
			continue
		}
		// A result whose rule the report does not list: describe it from the result so that every
		// ruleIndex stays valid.
		addSARIFRule(run, engine.Rule{ID: res.RuleID, Title: res.RuleTitle, Severity: res.Severity,
			Controls: res.Controls}, frameworks)
		listed[res.RuleID] = true
	}
	run.AddInvocation(sarifInvocation(r))
	if len(r.Summary.Frameworks) > 0 {
		run.WithProperties(sarif.NewPropertyBag().Add("frameworks", sarifFrameworks(r.Summary.Frameworks)))
	}
	return run
}

// sarifFramework is a framework's coverage and control states, in the run's properties: what the
// results below can and cannot say about it.
type sarifFramework struct {
	Framework           string `json:"framework"`
	ControlsTotal       int    `json:"controls_total"`
	FullyAutomated      int    `json:"controls_fully_automated"`
	PartlyAutomated     int    `json:"controls_partly_automated"`
	ManualOnly          int    `json:"controls_manual"`
	ControlsPassing     int    `json:"controls_passing"`
	ControlsFailing     int    `json:"controls_failing"`
	ControlsUnknown     int    `json:"controls_unknown"`
	ControlsWaived      int    `json:"controls_waived"`
	ControlsNotAssessed int    `json:"controls_not_assessed"`
}

func sarifFrameworks(fws []engine.FrameworkSummary) []sarifFramework {
	out := make([]sarifFramework, 0, len(fws))
	for _, f := range fws {
		out = append(out, sarifFramework{Framework: f.Framework, ControlsTotal: f.ControlsTotal,
			FullyAutomated: f.ControlsFullyAutomated, PartlyAutomated: f.ControlsPartlyAutomated, ManualOnly: f.ControlsManual,
			ControlsPassing: f.ControlsPassing, ControlsFailing: f.ControlsFailing, ControlsUnknown: f.ControlsUnknown,
			ControlsWaived: f.ControlsWaived, ControlsNotAssessed: f.ControlsNotAssessed})
	}
	return out
}

func addSARIFRule(run *sarif.Run, rule engine.Rule, frameworks []string) {
	d := run.AddRule(rule.ID).
		WithName(sarifRuleName(rule)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(cmp.Or(rule.Title, rule.ID))).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(
			cmp.Or(rule.Description, rule.Title, rule.ID))).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(rule.Severity)))
	if rule.Remediation != "" {
		d.WithHelp(sarif.NewMultiformatMessageString().WithText(rule.Remediation))
	}
	props := sarif.NewPropertyBag().
		Add("severity", string(rule.Severity)).
		Add("security-severity", securitySeverity(rule.Severity)).
		Add("controls", orderedControls(rule.Controls, frameworks)).
		WithTags(sarifTags(rule.Controls, frameworks))
	if len(rule.ResourceTypes) > 0 {
		props.Add("resource_types", rule.ResourceTypes)
	}
	d.WithProperties(props)
}

// sarifResult builds one SARIF result; ruleIndex is its rule's place in the driver's rules.
func sarifResult(ruleIndex int, res *engine.Result) *sarif.Result {
	out := sarif.NewRuleResult(res.RuleID).
		WithRuleIndex(ruleIndex).
		WithKind("fail").
		WithLevel(sarifLevel(res.Severity)).
		WithMessage(sarif.NewTextMessage(sarifMessage(res)))
	if res.Status == engine.StatusUnknown {
		// SARIF §3.27.10: a result whose kind is not "fail" has level "none".
		out.WithKind("review").WithLevel(sarif.LevelNone)
	}
	if res.Status == engine.StatusNotApplicable {
		// The rule left the resource aside on purpose: SARIF's own kind for it (§3.27.9).
		out.WithKind("notApplicable").WithLevel(sarif.LevelNone)
	}
	if res.Status == engine.StatusWaived {
		out.WithSuppressions([]*sarif.Suppression{sarifSuppression(res.Waiver)})
	}
	if res.Baseline != "" {
		// vigil's baseline states are SARIF's own names (§3.27.24).
		out.WithBaselineState(res.Baseline)
	}
	out.AddLocation(sarifLocation(res))
	out.WithPartialFingerprints(map[string]string{
		sarifFingerprint: cmp.Or(res.Fingerprint, engine.Fingerprint(res.RuleID, res.ResourceID)),
	})
	props := sarif.NewPropertyBag().
		Add("status", string(res.Status)).
		Add("severity", string(res.Severity)).
		Add("resource_type", res.ResourceType)
	if res.OriginalStatus != "" {
		props.Add("original_status", string(res.OriginalStatus))
	}
	if len(res.Missing) > 0 {
		props.Add("missing", res.Missing)
	}
	if len(res.Evidence) > 0 {
		props.Add("evidence", res.Evidence)
	}
	return out.WithProperties(props)
}

// sarifSuppression describes the waiver that accepted a result. Waivers from the config file are external
// suppressions; inline `# vigil:ignore` comments sit in the scanned file, which SARIF calls inSource. The
// waiver's reason is the justification and its declaration the suppression's location.
func sarifSuppression(w *engine.Waiver) *sarif.Suppression {
	sup := sarif.NewSuppression().WithKind("external").WithStatus("accepted")
	if w == nil {
		return sup
	}
	if w.ID == "inline" {
		sup.WithKind("inSource")
	}
	if w.Reason != "" {
		sup.WithJustification(w.Reason)
	}
	if loc := waiverLocation(w); loc != nil {
		sup.WithLocation(loc)
	}
	return sup.WithProperties(waiverProperties(w))
}

// waiverProperties carries a waiver's accountability fields, for auditors reading the SARIF log.
func waiverProperties(w *engine.Waiver) *sarif.PropertyBag {
	props := sarif.NewPropertyBag().Add("waiver_id", w.ID).Add("expires", waiverExpiry(w))
	for _, kv := range [][2]string{
		{"rule", w.Rule}, {"control", w.Control}, {"owner", w.Owner}, {"approved_by", w.ApprovedBy},
		{"ticket", w.Ticket}, {"source", w.Source},
	} {
		if kv[1] != "" {
			props.Add(kv[0], kv[1])
		}
	}
	if len(w.Resources) > 0 {
		props.Add("resources", w.Resources)
	}
	return props
}

// waiverLocation places a waiver's declaration ("vigil.hcl:12"), or returns nil when it has none.
func waiverLocation(w *engine.Waiver) *sarif.Location {
	file, line := splitSource(w.Source)
	if file == "" {
		return nil
	}
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(artifactLocation(file))
	if line > 0 {
		phys.WithRegion(sarif.NewRegion().WithStartLine(line))
	}
	return sarif.NewLocationWithPhysicalLocation(phys)
}

// sarifMessage is the result's message; for an unknown result it also says which data was missing.
func sarifMessage(res *engine.Result) string {
	msg := cmp.Or(strings.TrimSpace(res.Message), cmp.Or(res.RuleTitle, res.RuleID))
	if res.Status != engine.StatusUnknown {
		return msg
	}
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	if len(res.Missing) == 0 {
		return msg + " Not assessed: the data needed is unknown."
	}
	return fmt.Sprintf("%s Not assessed: unknown %s.", msg, strings.Join(res.Missing, ", "))
}

// sarifLocation places a result in its file and names the resource. Live resources have no file: only
// the logical location.
func sarifLocation(res *engine.Result) *sarif.Location {
	loc := sarif.NewLocation()
	if where := res.Where(); where.File != "" {
		phys := sarif.NewPhysicalLocation().WithArtifactLocation(artifactLocation(where.File))
		if start := where.StartLine; start > 0 {
			phys.WithRegion(sarif.NewSimpleRegion(start, max(start, where.EndLine)))
		}
		loc.WithPhysicalLocation(phys)
	}
	logical := sarif.NewLogicalLocation().
		WithName(cmp.Or(res.ResourceName, res.ResourceID)).
		WithFullyQualifiedName(res.ResourceID).
		WithKind("resource")
	if res.ResourceType != "" {
		logical.WithProperties(sarif.NewPropertyBag().Add("resource_type", res.ResourceType))
	}
	return loc.WithLogicalLocations([]*sarif.LogicalLocation{logical})
}

// artifactLocation turns a scanned file path into a URI: relative paths (the norm: scanners record paths
// relative to the scanned directory) are resolved against %SRCROOT%, absolute ones become file URIs.
func artifactLocation(file string) *sarif.ArtifactLocation {
	p := filepath.ToSlash(file)
	if filepath.IsAbs(file) || path.IsAbs(p) {
		u := url.URL{Scheme: "file", Path: p}
		if !strings.HasPrefix(p, "/") { // Windows: C:/x → file:///C:/x
			u.Path = "/" + p
		}
		return sarif.NewSimpleArtifactLocation(u.String())
	}
	p = strings.TrimPrefix(path.Clean(p), "./")
	u := url.URL{Path: p}
	return sarif.NewSimpleArtifactLocation(u.String()).WithURIBaseID(sarifSrcRoot)
}

// sarifInvocation records whether every source was read; each source error and warning becomes a
// notification.
func sarifInvocation(r *engine.Report) *sarif.Invocation {
	inv := sarif.NewInvocation().WithExecutionSuccessful(!incomplete(r))
	for _, s := range r.Sources {
		for _, issue := range s.Errors {
			inv.AddToolExecutionNotification(sarifNotification(s, issue).WithLevel(sarif.LevelError))
		}
		for _, issue := range s.Warnings {
			inv.AddToolExecutionNotification(sarifNotification(s, issue).WithLevel(sarif.LevelWarning))
		}
	}
	for _, g := range reportGaps(r) {
		inv.AddToolExecutionNotification(sarifGapNotification(g))
	}
	for _, ws := range r.Waivers {
		if n := waiverNotification(ws); n != nil {
			inv.AddToolConfigurationNotification(n)
		}
	}
	return inv
}

// waiverNotification reports a waiver that did not apply: expired ones (warning: what they accepted is
// reported again) and unused ones (note: they may be stale). Active waivers show on their results.
func waiverNotification(ws engine.WaiverStatus) *sarif.Notification {
	var level, text string
	switch ws.State {
	case engine.WaiverExpired:
		level = sarif.LevelWarning
		text = fmt.Sprintf("Waiver %s expired on %s and no longer applies: %s again.", ws.ID,
			waiverExpiry(&ws.Waiver), plural(ws.Matched, "result it covered is reported", "results it covered are reported"))
	case engine.WaiverUnused:
		level = sarif.LevelNote
		text = fmt.Sprintf("Waiver %s matched no result; it may be stale.", ws.ID)
	default:
		return nil
	}
	n := sarif.NewNotification().WithLevel(level).WithMessage(sarif.NewTextMessage(text))
	if loc := waiverLocation(&ws.Waiver); loc != nil {
		n.WithLocations([]*sarif.Location{loc})
	}
	props := waiverProperties(&ws.Waiver).Add("state", ws.State).Add("matched", ws.Matched)
	if ws.Reason != "" {
		props.Add("reason", ws.Reason)
	}
	return n.WithProperties(props)
}

func sarifNotification(s inventory.Source, issue inventory.Issue) *sarif.Notification {
	n := sarif.NewNotification().
		WithLevel(sarif.LevelError).
		WithMessage(sarif.NewTextMessage(issue.String()))
	if issue.File != "" {
		phys := sarif.NewPhysicalLocation().WithArtifactLocation(artifactLocation(issue.File))
		if issue.Line > 0 {
			region := sarif.NewRegion().WithStartLine(issue.Line)
			if issue.Column > 0 {
				region.WithStartColumn(issue.Column)
			}
			phys.WithRegion(region)
		}
		n.WithLocations([]*sarif.Location{sarif.NewLocationWithPhysicalLocation(phys)})
	}
	props := sarif.NewPropertyBag().
		Add("code", issue.Code).
		Add("source_kind", s.Kind).
		Add("source_path", s.Path)
	for k, v := range map[string]string{"service": issue.Service, "api": issue.API, "region": issue.Region} {
		if v != "" {
			props.Add(k, v)
		}
	}
	return n.WithProperties(props)
}

// sarifLevel maps a severity to a SARIF level: what must block a merge is an error.
func sarifLevel(s engine.Severity) string {
	switch s {
	case engine.SeverityCritical, engine.SeverityHigh:
		return sarif.LevelError
	case engine.SeverityMedium:
		return sarif.LevelWarning
	default:
		return sarif.LevelNote
	}
}

// securitySeverity is the CVSS-like score GitHub code scanning reads from the "security-severity" rule
// property to rank alerts (>= 9.0 critical, >= 7.0 high, >= 4.0 medium, otherwise low).
func securitySeverity(s engine.Severity) string {
	switch s {
	case engine.SeverityCritical:
		return "9.5"
	case engine.SeverityHigh:
		return "8.0"
	case engine.SeverityMedium:
		return "5.5"
	case engine.SeverityLow:
		return "3.0"
	default:
		return "0.0"
	}
}

// sarifRuleName is the rule's title in PascalCase ("S3 buckets are versioned" → "S3BucketsAreVersioned"),
// the identifier-like form SARIF suggests for reportingDescriptor.name.
func sarifRuleName(rule engine.Rule) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(rule.Title, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		rs := []rune(word)
		b.WriteString(strings.ToUpper(string(rs[0])) + string(rs[1:]))
	}
	return cmp.Or(b.String(), rule.ID)
}

// sarifTags lets code-scanning services filter by control: "security", "compliance", then
// "<framework>/<control>" for each control the rule evidences.
func sarifTags(controls map[string][]string, frameworks []string) []string {
	tags := []string{"security", "compliance"}
	for _, fw := range orderedFrameworks(controls, frameworks) {
		for _, id := range controls[fw] {
			tags = append(tags, fw+"/"+id)
		}
	}
	return tags
}

// orderedControls copies the controls of the frameworks in scope; encoding/json sorts the map keys.
func orderedControls(controls map[string][]string, frameworks []string) map[string][]string {
	out := map[string][]string{}
	for _, fw := range orderedFrameworks(controls, frameworks) {
		out[fw] = controls[fw]
	}
	return out
}

// orderedFrameworks lists the frameworks in scope that have controls in the map, in display order.
func orderedFrameworks(controls map[string][]string, frameworks []string) []string {
	var out []string
	for _, fw := range frameworks {
		if len(controls[fw]) > 0 {
			out = append(out, fw)
		}
	}
	return out
}
